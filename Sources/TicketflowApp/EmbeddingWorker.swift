import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import TicketflowCore
import TicketflowKnowledge

/// Runs this node's share of the `kb.embed` jobs (`EmbeddingJob`): each embeds for `sliceSeconds`, storing
/// the vectors batch by batch, then enqueues the next slice while chunks remain. Any node with the same
/// embeddings model may run any slice; a node killed mid-slice loses only the batch in flight, and its
/// slice is leased again once `leaseSeconds` run out.
final class EmbeddingWorker: Sendable {
    /// How long a claimed slice is reserved: several slices long, so a slow batch never loses it.
    static let leaseSeconds = 30.0

    let knowledge: KnowledgeBase
    let queue: any JobQueue
    let logger: Logger
    /// How long one job embeds before it hands over to the next slice.
    let sliceSeconds: Double
    /// Texts per call to the embeddings model, and per stored batch.
    let batchSize: Int
    /// Chunks this process embedded, for the log (a restart after a crash shows only the remainder).
    private let embeddedHere = Mutex(0)

    init(
        knowledge: KnowledgeBase, queue: any JobQueue, logger: Logger, sliceSeconds: Double = 5, batchSize: Int = 64
    ) {
        self.knowledge = knowledge
        self.queue = queue
        self.logger = logger
        self.sliceSeconds = sliceSeconds
        self.batchSize = batchSize
    }

    /// Claims and runs `kb.embed` jobs until the graceful shutdown.
    func run() async {
        let worker = JobWorker.serving(
            EmbeddingJob.kind, queue: queue, leaseSeconds: Self.leaseSeconds, batchSize: 1, pollInterval: 0.5,
            backoff: RetryBackoff(baseSeconds: 5, maximumSeconds: 300), logger: logger
        ) { [self] job in try await handle(job) }
        await worker.run(until: { try? await gracefulShutdown() }, grace: AnswerWorker.defaultShutdownGrace)
    }

    /// Runs one slice; enqueues the next one when chunks remain.
    func handle(_ job: Job) async throws {
        let work = try EmbeddingJob(job)
        let pass = try await knowledge.runEmbedding(
            work, batchSize: batchSize, until: .now + .seconds(sliceSeconds))
        let total = embeddedHere.withLock { total in
            total += pass.embedded
            return total
        }
        if pass.superseded {
            logger.info("embedding job overtaken by a newer knowledge version", metadata: ["job": "\(job.id)"])
            return
        }
        let statistics = knowledge.index.statistics
        var metadata: Logger.Metadata = [
            "job": "\(job.id)", "slice": "\(work.slice)", "embedded": "\(pass.embedded)",
            "remaining": "\(pass.remaining)", "chunks": "\(statistics.chunks)",
            "embedded_by_this_process": "\(total)",
        ]
        if pass.remaining > 0 {
            let now = Date()
            _ = try await queue.enqueue(try work.next.newJob(at: now), at: now)
            logger.info("embedded a slice of the knowledge base; the next slice is queued", metadata: metadata)
            return
        }
        metadata["obsolete_vectors_removed"] = "\(pass.removed)"
        logger.notice("every chunk has a vector; retrieval is hybrid (BM25 and vectors)", metadata: metadata)
    }
}
