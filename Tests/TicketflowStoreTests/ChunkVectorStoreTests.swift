import Foundation
import Testing
import TicketflowKnowledge

/// The chunk-vector primitives the embedding job stands on, with the same answers on both stores.
@Suite struct ChunkVectorStoreTests {
    static func vector(_ id: String, hash: String = "h1", model: String = "m1", _ values: [Float]) -> StoredChunkVector
    {
        StoredChunkVector(chunkID: id, contentHash: hash, model: model, vector: values)
    }

    @Test(arguments: StoreKind.allCases) func upsertReplacesByChunkAndKeepsTheRest(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            try await store.upsertChunkVectors([Self.vector("a#0", [1, 2]), Self.vector("b#0", [3, 4])])
            // A second batch: one new chunk, and a's vector from another model for new content.
            try await store.upsertChunkVectors([
                Self.vector("a#0", hash: "h2", model: "m2", [5, 6]), Self.vector("c#0", [7, 8]),
            ])
            #expect(
                try await store.chunkVectors(ids: ["c#0", "a#0", "b#0"]) == [
                    Self.vector("a#0", hash: "h2", model: "m2", [5, 6]), Self.vector("b#0", [3, 4]),
                    Self.vector("c#0", [7, 8]),
                ])
            #expect(
                try await store.chunkVectorStamps() == [
                    StoredVectorStamp(chunkID: "a#0", contentHash: "h2", model: "m2"),
                    StoredVectorStamp(chunkID: "b#0", contentHash: "h1", model: "m1"),
                    StoredVectorStamp(chunkID: "c#0", contentHash: "h1", model: "m1"),
                ])
            try await store.upsertChunkVectors([])
            #expect(try await store.chunkVectorStamps().count == 3)
        }
    }

    @Test(arguments: StoreKind.allCases) func readsAndDeletesByChunkID(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            // More ids than one SQLite statement binds at once.
            let many = (0..<1_200).map { Self.vector(String(format: "art%04d#0", $0), [Float($0), 1]) }
            try await store.upsertChunkVectors(many)
            let wanted = ["art0007#0", "art1100#0", "missing#0", "art0600#0"] + many.suffix(700).map(\.chunkID)
            let read = try await store.chunkVectors(ids: wanted)
            let expected = Array(Set(wanted).subtracting(["missing#0"])).sorted()
            #expect(read.count == expected.count && read.map(\.chunkID) == expected, "each once, in order")
            #expect(read.first == many[7] && read.last == many.last)
            #expect(try await store.chunkVectors(ids: []).isEmpty)
            #expect(try await store.deleteChunkVectors(ids: ["art0007#0", "missing#0", "art0008#0"]) == 2)
            #expect(try await store.deleteChunkVectors(ids: []) == 0)
            #expect(try await store.chunkVectorStamps().count == 1_198)
            #expect(try await store.chunkVectors(ids: ["art0007#0"]).isEmpty)
        }
    }
}
