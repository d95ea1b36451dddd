import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import TicketflowCore
import TicketflowKnowledge
import TicketflowTesting

@testable import TicketflowApp

/// The `kb.embed` jobs with the real all-MiniLM-L6-v2 on a SQLite file: imports only enqueue, a job embeds
/// one slice and chains the next, each batch is stored as it is done, and a live server embeds an upload
/// through its queue worker. (Counting and the PostgreSQL runs: TicketflowStoreTests' EmbeddingJobTests.)
@Suite struct EmbeddingWorkerTests {
    static func embedJobs(_ store: any TicketflowStore, at now: Date = Date()) async throws -> [Job] {
        try await store.claimJobs(worker: "test", kinds: [EmbeddingJob.kind], leaseSeconds: 30, limit: 10, at: now)
    }

    @Test func eachSliceStoresItsBatchAndQueuesTheNext() async throws {
        let model = try TestEncoderModel.directory()
        try await withTemporaryDirectory { dir in
            let services = try await TestApp.services(dataDirectory: dir) {
                $0.encoderDirectory = model
                $0.demo = true
            }
            let store = services.store
            let knowledge = services.engines.knowledge
            #expect(try await Self.embedJobs(store).isEmpty, "no model connected yet: nothing enqueued")
            try await services.engines.switchToEmbeddings()
            let chunks = knowledge.index.statistics.chunks
            #expect(chunks > 8 && knowledge.index.statistics.vectors == 0, "switching embeds nothing inline")

            // A slice of no time: each job embeds one batch of 4, stores it, and queues the next slice.
            let worker = EmbeddingWorker(
                knowledge: knowledge, queue: store, logger: TestApp.logger, sliceSeconds: 0, batchSize: 4)
            var slices: [Int] = []
            var storedAfterEach: [Int] = []
            while let job = try await Self.embedJobs(store).first {
                slices.append(try EmbeddingJob(job).slice)
                try await worker.handle(job)
                #expect(try await store.completeJob(id: job.id, leaseToken: job.leaseToken ?? "", at: Date()))
                storedAfterEach.append(try await store.chunkVectorStamps().count)
                try #require(slices.count <= chunks, "the chain does not end")
            }
            let batches = (chunks + 3) / 4
            #expect(slices == Array(0..<batches))
            #expect(storedAfterEach == (1...batches).map { min(chunks, $0 * 4) })
            let encoder = try #require(services.engines.encoder)
            let stamps = try await store.chunkVectorStamps()
            #expect(stamps.count == chunks && stamps.allSatisfy { $0.model == encoder.chunkVectorModel })
            #expect(knowledge.index.hasEveryVector)

            // A restart loads every vector and has nothing to enqueue.
            let restarted = try await TestApp.services(dataDirectory: dir) { $0.encoderDirectory = model }
            try await restarted.engines.switchToEmbeddings()
            #expect(restarted.engines.knowledge.index.statistics.vectors == chunks)
            #expect(try await Self.embedJobs(store).isEmpty)
        }
    }

    @Test func aLiveServerEmbedsAnUploadThroughItsQueue() async throws {
        let model = try TestEncoderModel.directory()
        try await withTestClient(.live, configure: { $0.encoderDirectory = model }) { client, services in
            let index = services.engines.knowledge.index
            let uploaded = try await client.post(
                "/v1/kb/articles", KnowledgeAPITests.upload, headers: try await services.bearer(.knowledge))
            #expect(uploaded.status == .ok)
            let deadline = Date().addingTimeInterval(120)
            while index.embeddings == nil || !index.hasEveryVector || index.statistics.chunks == 0, Date() < deadline {
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(index.hasEveryVector && index.statistics.vectors == index.statistics.chunks)
            let stored = try await services.store.chunkVectorStamps()
            #expect(stored.count == index.statistics.chunks)
            // Once every chunk has a vector the search is hybrid: no word in common with the refund policy.
            let search = try json(
                try await client.post("/v1/kb/search", #"{"query": "I want my money back", "min_score": 0}"#))
            let first = try #require((search["passages"] as? [[String: Any]])?.first)
            #expect(first["article_id"] as? String == "refunds", "\(search)")
            #expect((first["signals"] as? [String])?.contains("dense") == true)
            let done = try await services.store.jobStats()[.done] ?? 0
            #expect(done >= 1, "the vectors came from a kb.embed job")
        }
    }
}
