import Foundation
import Logging
import ServiceLifecycle
import TicketflowCore
import TicketflowKnowledge
import TicketflowLLM

/// Switches the index to embeddings in the background, then runs this node's `kb.embed` worker
/// (`EmbeddingWorker`): the server listens at once, and retrieval is lexical (BM25) until every chunk
/// has a vector, as it is whenever embedding fails. A dead endpoint is asked again after a growing wait,
/// so an endpoint that comes up later is used without a restart. Stays until shutdown.
struct EmbeddingsConnector: Service {
    let engines: Engines
    let logger: Logger
    /// Whether this node runs `kb.embed` jobs (`queue_worker`); a node that does not still loads the
    /// vectors other nodes store.
    var runsWorker = true
    /// Wait after a failed probe: 5 s, doubling up to 5 minutes, no jitter (one probe per node).
    var retry = RetryBackoff(baseSeconds: 5, maximumSeconds: 300, jitter: 0)

    func run() async throws {
        await cancelWhenGracefulShutdown { await connect() }
        if runsWorker, !Task.isCancelled, let jobs = engines.knowledge.jobs, engines.knowledge.index.embeddings != nil {
            await EmbeddingWorker(knowledge: engines.knowledge, queue: jobs, logger: logger).run()
        }
        // A service that returns ends the whole server (the service group's default), so once connected
        // this one waits for the shutdown like the others.
        try? await gracefulShutdown()
    }

    private func connect() async {
        var failures = 0
        var delay = 0.0
        while !Task.isCancelled {
            do {
                try await engines.switchToEmbeddings()
                let source = engines.encoder.map { "sentence encoder \($0.model)" } ?? "embeddings endpoint"
                let statistics = engines.knowledge.index.statistics
                logger.notice(
                    "\(source) connected; chunks without a stored vector are embedded in the background",
                    metadata: ["vectors": "\(statistics.vectors)", "chunks": "\(statistics.chunks)"])
                return
            } catch is CancellationError {
                return
            } catch {
                failures += 1
                delay = retry.delay(afterAttempt: failures, unitRandom: 0.5)
                // One warning; the client logs each failed call already.
                let level: Logger.Level = failures == 1 ? .warning : .debug
                logger.log(
                    level: level, "embeddings endpoint unavailable; retrieval is lexical until it answers",
                    metadata: ["error": "\(error)", "retry_in_seconds": "\(Int(delay))"])
            }
            try? await Task.sleep(for: .seconds(delay))
        }
    }
}
