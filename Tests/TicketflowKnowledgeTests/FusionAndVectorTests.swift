import Testing
import TicketflowCore

@testable import TicketflowKnowledge

@Suite("Vector index and rank fusion")
struct FusionAndVectorTests {
    @Test func cosineSearchRanksBySimilarity() throws {
        var index = VectorIndex(dimension: 3)
        try index.upsert(key: "x", vector: [1, 0, 0])
        try index.upsert(key: "xy", vector: [1, 1, 0])
        try index.upsert(key: "z", vector: [0, 0, 5])
        let hits = index.search([2, 0, 0], limit: 3)
        #expect(hits.map(\.key) == ["x", "xy", "z"])
        #expect(abs(hits[0].score - 1) < 1e-6)
        #expect(abs(hits[1].score - 0.5.squareRoot()) < 1e-6)
        #expect(abs(hits[2].score) < 1e-6)
        #expect(throws: KnowledgeError.self) { try index.upsert(key: "bad", vector: [1, 2]) }
    }

    @Test func longVectorsUseTheSIMDPathCorrectly() throws {
        let dimension = 37  // 4 SIMD blocks of 8 and a remainder of 5
        var index = VectorIndex(dimension: dimension)
        let a = (0..<dimension).map { Float($0 % 7) - 3 }
        let b = (0..<dimension).map { Float(($0 * 3) % 5) - 2 }
        try index.upsert(key: "a", vector: a)
        let dot = zip(a, b).reduce(Float(0)) { $0 + $1.0 * $1.1 }
        let norms = a.reduce(Float(0)) { $0 + $1 * $1 }.squareRoot() * b.reduce(Float(0)) { $0 + $1 * $1 }.squareRoot()
        let similarity = try #require(index.similarity(b, key: "a"))
        // Stored as int8: each component of unit a is off by at most half a step (max|a|/127/2), so the cosine is
        // off by at most that times Σ|unit b|.
        let aNorm = a.reduce(Float(0)) { $0 + $1 * $1 }.squareRoot()
        let bNorm = b.reduce(Float(0)) { $0 + $1 * $1 }.squareRoot()
        let halfStep = a.map { abs($0) / aNorm }.max()! / 127 / 2
        let bound = halfStep * b.reduce(Float(0)) { $0 + abs($1) / bNorm }
        #expect(abs(similarity - Double(dot / norms)) <= Double(bound) + 1e-6)
    }

    @Test func int8StorageKeepsCosinesAndRankingOfEmbeddingSizedVectors() throws {
        // 384 dimensions like MiniLM, components drawn from a fixed generator (no randomness between runs).
        var generator = SplitMix64(seed: 42)
        let documents = (0..<200).map { _ in (0..<384).map { _ in Float.random(in: -0.5..<0.5, using: &generator) } }
        var index = VectorIndex(dimension: 384)
        for (row, vector) in documents.enumerated() { try index.upsert(key: "d\(row)", vector: vector) }
        func cosine(_ x: [Float], _ y: [Float]) -> Double {
            let dot = zip(x, y).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
            let nx = x.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
            let ny = y.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
            return dot / (nx * ny)
        }
        for probe in 0..<20 {
            // A query near document `probe`: its exact nearest neighbour must stay first.
            let query = zip(documents[probe], (0..<384).map { _ in Float.random(in: -0.5..<0.5, using: &generator) })
                .map {
                    $0 + 0.3 * $1
                }
            let exact = documents.indices.map { (key: "d\($0)", score: cosine(query, documents[$0])) }
                .sorted { $0.score > $1.score }
            let hits = index.search(query, limit: 5)
            #expect(hits.first?.key == exact.first?.key)
            for hit in hits {
                let truth = try #require(exact.first { $0.key == hit.key }).score
                #expect(abs(hit.score - truth) < 2e-3, "\(hit.key): \(hit.score) vs \(truth)")
            }
        }
        let stored = try #require(index.vector(for: "d7"))
        #expect(cosine(stored, documents[7]) > 0.9999)
        #expect(abs(stored.reduce(Float(0)) { $0 + $1 * $1 }.squareRoot() - 1) < 1e-2)
    }

    @Test func zeroVectorsAreStoredAndScoreZero() throws {
        var index = VectorIndex(dimension: 4)
        try index.upsert(key: "zero", vector: [0, 0, 0, 0])
        try index.upsert(key: "one", vector: [0, 0, 0, 2])
        #expect(index.search([0, 0, 0, 1], limit: 2).map(\.key) == ["one", "zero"])
        #expect(index.similarity([1, 0, 0, 0], key: "zero") == 0)
    }

    @Test func removeMovesTheLastRowAndKeepsOthersFindable() throws {
        var index = VectorIndex(dimension: 2)
        try index.upsert(key: "a", vector: [1, 0])
        try index.upsert(key: "b", vector: [0, 1])
        try index.upsert(key: "c", vector: [1, 1])
        let removed = index.remove(key: "a")
        #expect(removed)
        #expect(index.count == 2)
        #expect(index.search([0, 1], limit: 1).map(\.key) == ["b"])
        #expect(index.search([1, 1], limit: 1).map(\.key) == ["c"])
        #expect(index.vector(for: "a") == nil)
    }

    @Test func reciprocalRankFusionWeighsSignals() {
        // a: 1/(60+1) + 1/(60+3); b: 1/(60+2); c: 1/(60+1) from dense only.
        let fusion = ReciprocalRankFusion(k: 60)
        let fused = fusion.fuse([(signal: "bm25", keys: ["a", "b"]), (signal: "dense", keys: ["c", "x", "a"])])
        #expect(fused.first?.key == "a")
        #expect(abs(fused[0].score - (1.0 / 61 + 1.0 / 63)) < 1e-12)
        #expect(fused[0].signals == ["bm25", "dense"])
        #expect(fused.first { $0.key == "c" }?.signals == ["dense"])

        // Equal weights: a tie, broken by first appearance; weighting dense ×2 puts its hit first.
        let lists = [(signal: "bm25", keys: ["b"]), (signal: "dense", keys: ["c"])]
        #expect(ReciprocalRankFusion(k: 60).fuse(lists).map(\.key) == ["b", "c"])
        #expect(ReciprocalRankFusion(k: 60, weights: ["dense": 2]).fuse(lists).map(\.key) == ["c", "b"])
    }
}
