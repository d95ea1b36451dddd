import Foundation
import Synchronization
import Testing
import TicketflowCore
import TicketflowKnowledge

/// Counts the texts it embeds; a text's vector is a bag of its letters and digits, so equal texts get equal
/// vectors.
final class CountingEmbeddings: EmbeddingsProvider {
    let model: String
    let dimension = 36
    private let texts = Mutex<[String]>([])

    init(model: String = "counting-v1") { self.model = model }

    /// Every chunk text embedded so far, in order: a chunk's `embeddingText` (headings, a newline, the text).
    /// The heading texts embedded with them (`KnowledgeChunk.headingText`, one line) are left out.
    var embedded: [String] { texts.withLock { $0 }.filter { $0.contains("\n") } }

    func embed(_ texts: [String]) async throws -> [[Float]] {
        self.texts.withLock { $0 += texts }
        return texts.map { text in
            var vector = [Float](repeating: 0, count: 36)
            for scalar in text.lowercased().unicodeScalars {
                if ("a"..."z").contains(scalar) { vector[Int(scalar.value - 97)] += 1 }
                if ("0"..."9").contains(scalar) { vector[26 + Int(scalar.value - 48)] += 1 }
            }
            return vector
        }
    }
}

/// The `kb.embed` job's work on both stores: imports only enqueue, batches are stored one by one, a stored
/// vector is never computed again, a new model re-embeds everything, and other nodes follow the change feed.
@Suite struct EmbeddingJobTests {
    static func articles(_ count: Int, edit: String = "") -> [Article] {
        (0..<count).map { n in
            Article(
                id: "faq-\(n)", title: "Question \(n)", body: "Answer number \(n) about topic \(n * 7)\(edit).",
                source: "test")
        }
    }

    /// A node: its own index with `provider`, over `store`, enqueueing on it.
    static func node(_ store: any ConformingStore, _ provider: CountingEmbeddings) async throws -> KnowledgeBase {
        let knowledge = KnowledgeBase(store: store, index: KnowledgeIndex(embeddings: provider), jobs: store)
        try await knowledge.reloadIndex()
        return knowledge
    }

    static func embedJobs(_ store: any ConformingStore) async throws -> [Job] {
        let claimed = try await store.claimJobs(
            worker: "test", kinds: [EmbeddingJob.kind], leaseSeconds: 30, limit: 10, at: Date())
        for job in claimed { _ = try await store.releaseJob(id: job.id, leaseToken: job.leaseToken ?? "", at: Date()) }
        return claimed
    }

    @Test(arguments: StoreKind.allCases) func importEnqueuesOneJobAndEmbedsNothing(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let provider = CountingEmbeddings()
            let knowledge = try await Self.node(store, provider)
            #expect(try await Self.embedJobs(store).isEmpty, "an empty knowledge base has nothing to embed")
            let summary = try await knowledge.importArticles(Self.articles(5), prune: false)
            #expect(summary.created == 5)
            #expect(provider.embedded.isEmpty, "the import embedded inline")
            try await knowledge.reloadIndex()  // what every other node does on the change feed: the same job
            let jobs = try await Self.embedJobs(store)
            #expect(jobs.count == 1 && jobs.first?.kind == "kb.embed")
            let job = try EmbeddingJob(try #require(jobs.first))
            #expect(job.model == "counting-v1 text+heading" && job.slice == 0)
            #expect(job.version == (try await store.changeVersions()[KnowledgeBase.topic]))
            #expect(!knowledge.index.hasEveryVector && knowledge.index.statistics.vectors == 0)
        }
    }

    @Test(arguments: StoreKind.allCases) func batchesAreStoredAndNeverEmbeddedTwice(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let first = CountingEmbeddings()
            let knowledge = try await Self.node(store, first)
            _ = try await knowledge.importArticles(Self.articles(10), prune: false)
            let chunks = knowledge.index.statistics.chunks
            let job = try EmbeddingJob(try #require(try await Self.embedJobs(store).first))
            // A deadline already passed: one batch is embedded and stored, then the run stops.
            let pass = try await knowledge.runEmbedding(job, batchSize: 3, until: .now)
            #expect(pass == EmbeddingPass(embedded: 3, remaining: chunks - 3))
            #expect(try await store.chunkVectorStamps().count == 3)
            #expect(first.embedded.count == 3)

            // Another node (a restart after kill -9) carries on from what is stored.
            let second = CountingEmbeddings()
            let restarted = try await Self.node(store, second)
            #expect(restarted.index.statistics.vectors == 3, "the stored batch is loaded, not recomputed")
            let rest = try await restarted.runEmbedding(job.next, batchSize: 3)
            #expect(rest.embedded == chunks - 3 && rest.remaining == 0)
            #expect(Set(first.embedded).isDisjoint(with: second.embedded))
            #expect(second.embedded.count == chunks - 3)
            #expect(restarted.index.hasEveryVector)

            // Editing one article re-embeds its chunk alone; running again embeds nothing.
            var edited = Self.articles(10)
            edited[4].body += " Now with more detail."
            _ = try await restarted.importArticles(edited, prune: false)
            #expect(!restarted.index.hasEveryVector)
            let again = try await restarted.embedEverything()
            #expect(again.embedded == 1 && second.embedded.last?.contains("more detail") == true)
            #expect(try await restarted.embedEverything() == EmbeddingPass())
            #expect(second.embedded.count == chunks - 2)
        }
    }

    @Test(arguments: StoreKind.allCases) func aNewModelReEmbedsAndObsoleteVectorsGo(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let old = try await Self.node(store, CountingEmbeddings(model: "counting-v1"))
            _ = try await old.importArticles(Self.articles(6), prune: false)
            try await old.embedEverything()
            let chunks = old.index.statistics.chunks

            let provider = CountingEmbeddings(model: "counting-v2")
            let upgraded = try await Self.node(store, provider)
            #expect(upgraded.index.statistics.vectors == 0, "another model's vectors are not used")
            let jobs = try await Self.embedJobs(store).map { try EmbeddingJob($0) }
            #expect(jobs.contains { $0.model == provider.chunkVectorModel })
            let status = upgraded.index.embeddingStatus(
                stamps: try await store.chunkVectorStamps(), model: provider.chunkVectorModel)
            #expect(status.embedded == 0 && status.waiting == chunks && status.obsolete == chunks)
            let pass = try await upgraded.embedEverything(batchSize: 4)
            #expect(pass.embedded == chunks && provider.embedded.count == chunks)
            #expect(try await store.chunkVectorStamps().allSatisfy { $0.model == provider.chunkVectorModel })

            // A deleted article's vectors are obsolete: the next job deletes them.
            #expect(try await upgraded.delete(ids: ["faq-1", "faq-2"]) == 2)
            #expect(try await upgraded.embedEverything() == EmbeddingPass(removed: 2))
            #expect(try await store.chunkVectorStamps().count == chunks - 2)
            #expect(provider.embedded.count == chunks)
        }
    }

    @Test(arguments: StoreKind.allCases) func otherNodesLoadVectorsThroughTheChangeFeed(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { fixture in
            try await fixture.open { storeA in
                try await fixture.open { storeB in
                    let embedding = try await Self.node(storeA, CountingEmbeddings())
                    let following = CountingEmbeddings()
                    let other = try await Self.node(storeB, following)
                    var tracker = ChangeTracker(seen: try await storeB.changeVersions())
                    _ = try await embedding.importArticles(Self.articles(8), prune: false)
                    #expect(tracker.changedTopics(in: try await storeB.changeVersions()) == [KnowledgeBase.topic])
                    try await other.reloadIndex()
                    #expect(other.index.statistics.chunks == embedding.index.statistics.chunks)

                    try await embedding.embedEverything(batchSize: 5)
                    #expect(
                        tracker.changedTopics(in: try await storeB.changeVersions()) == [KnowledgeBase.vectorsTopic])
                    #expect(!other.index.hasEveryVector)
                    #expect(try await other.reloadVectors() == other.index.statistics.chunks)
                    #expect(other.index.hasEveryVector && following.embedded.isEmpty)
                    // The following node ranks with the vectors it loaded (its query vector is its own).
                    let text = try #require(other.index.chunks(ofArticle: "faq-3").first).embeddingText
                    let hits = other.index.search(
                        RetrievalRequest(query: text, topK: 1, minScore: 0),
                        queryVector: try await following.embed([text]).first)
                    #expect(hits.first?.articleID == "faq-3" && hits.first?.signals.contains("dense") == true)
                }
            }
        }
    }
}
