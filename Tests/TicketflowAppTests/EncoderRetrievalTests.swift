import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import TicketflowApp
import TicketflowCore
import TicketflowKnowledge
import TicketflowTesting

/// A server with `encoder_dir` set: the real all-MiniLM-L6-v2 embeds every chunk in the background and
/// retrieval becomes hybrid, finding what shares no word with the query.
@Suite struct EncoderRetrievalTests {
    @Test func theBuiltInEncoderMakesRetrievalHybrid() async throws {
        let model = try TestEncoderModel.directory()
        try await withTestClient(configure: { $0.encoderDirectory = model }) { client, services in
            let encoder = try #require(services.engines.encoder)
            #expect(encoder.dimension == 384)
            _ = try await client.post(
                "/v1/kb/articles", KnowledgeAPITests.upload, headers: try await services.bearer(.knowledge))
            let index = services.engines.knowledge.index
            // The switch runs in the background (EmbeddingsConnector); do what it does, then wait for it.
            try await services.engines.connectEmbeddings()
            let deadline = Date().addingTimeInterval(120)
            while index.statistics.vectors < index.statistics.chunks, Date() < deadline {
                try await Task.sleep(for: .milliseconds(100))
            }
            let statistics = index.statistics
            #expect(statistics.vectors == statistics.chunks && statistics.chunks > 0, "\(statistics)")
            let pending = services.engines.hasPendingEmbeddings
            #expect(!pending)
            // No word in common with "Refund policy … refunded in full within 14 days".
            let search = try json(
                try await client.post("/v1/kb/search", #"{"query": "I want my money back", "min_score": 0}"#))
            let first = try #require((search["passages"] as? [[String: Any]])?.first)
            #expect(first["article_id"] as? String == "refunds", "\(search)")
            #expect((first["signals"] as? [String])?.contains("dense") == true)
            // The vectors are stored with the encoder's identity: a restart loads them instead of re-embedding.
            let stored = try await services.store.chunkVectorStamps()
            #expect(stored.count == index.statistics.chunks && stored.allSatisfy { $0.model == encoder.chunkVectorModel })
        }
    }

    @Test func aLiveServerKeepsServingAfterTheBackgroundSwitch() async throws {
        let model = try TestEncoderModel.directory()
        try await withTestClient(
            .live,
            configure: {
                $0.encoderDirectory = model; $0.demo = true
            }
        ) {
            client, services in
            let index = services.engines.knowledge.index
            let deadline = Date().addingTimeInterval(120)
            while index.statistics.vectors == 0 || index.statistics.vectors < index.statistics.chunks,
                Date() < deadline
            {
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(index.statistics.vectors == index.statistics.chunks, "the connector embedded the demo center")
            // The connector's work is done; the server must not stop with it.
            try await Task.sleep(for: .seconds(1))
            #expect(try await client.get("/healthz").status == .ok)
        }
    }

    @Test func embedStatusCountsTheStoredVectorsOfThisEncoder() async throws {
        let model = try TestEncoderModel.directory()
        try await withTemporaryDirectory { dir in
            let data = dir + "/data"
            let help = CLIRun.repositoryRoot.appendingPathComponent("demo/help-center").path
            #expect(try await CLIRun.run(["kb", "import", help, "--data-dir", data], in: dir).status == 0)
            func status() async throws -> [String: Any] {
                let run = try await CLIRun.run(
                    ["kb", "embed-status", "--encoder", model, "--data-dir", data, "--json"], in: dir)
                #expect(run.status == 0, "\(run.stderr)")
                return try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
            }
            let before = try await status()
            let chunks = try #require(before["chunks"] as? Int)
            #expect(chunks > 0 && before["embedded"] as? Int == 0 && before["waiting"] as? Int == chunks)

            // What a server with encoder_dir does in the background: embed, and store the vectors.
            let services = try await TestApp.services(dataDirectory: data) { $0.encoderDirectory = model }
            try await services.engines.connectEmbeddings()
            let after = try await status()
            #expect(after["embedded"] as? Int == chunks && after["waiting"] as? Int == 0, "\(after)")
            #expect(after["model"] as? String == services.engines.encoder?.chunkVectorModel)

            let none = try await CLIRun.run(["kb", "embed-status", "--data-dir", data], in: dir)
            #expect(none.status != 0 && none.stderr.contains("no sentence encoder"), "\(none.stderr)")
        }
    }

    @Test func concurrentQueriesAreEncodedTogetherAndEachGetsItsOwnVector() async throws {
        let embeddings = try EncoderEmbeddings(directory: try TestEncoderModel.directory())
        let texts = (0..<40).map { "Ticket \($0): I was charged \($0 % 7 + 2) times for one order" } + [""]
        let together = try await withThrowingTaskGroup(of: (Int, [Float]).self) { group in
            for (index, text) in texts.enumerated() {
                group.addTask { (index, try await embeddings.embed([text])[0]) }
            }
            var vectors = [[Float]](repeating: [], count: texts.count)
            for try await (index, vector) in group { vectors[index] = vector }
            return vectors
        }
        // One at a time: each call is a pass of its own.
        var alone: [[Float]] = []
        for text in texts { alone.append(try await embeddings.embed([text])[0]) }
        for (index, pair) in zip(together, alone).enumerated() {
            let cosine = zip(pair.0, pair.1).reduce(Float(0)) { $0 + $1.0 * $1.1 }
            #expect(cosine > 0.9999, "text \(index) got another text's vector")
        }
        #expect(Set(together.map { $0.prefix(4).map { ($0 * 1000).rounded() } }).count > 30, "distinct vectors")
        #expect(try await embeddings.embed([]).isEmpty)
    }

    @Test func aDirectoryWithoutAModelIsAClearStartUpError() async throws {
        try await withTemporaryDirectory { empty in
            await #expect {
                try await withTestClient(configure: { $0.encoderDirectory = empty }) { _, _ in }
            } throws: { error in
                "\(error)".contains("encoder_dir") && "\(error)".contains(empty)
            }
        }
    }
}
