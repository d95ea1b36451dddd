import Foundation
import Logging
import ServiceLifecycle
import TicketflowCore
import TicketflowMetrics

/// Runs this node's share of the work queue beside the HTTP server: claims
/// answer jobs (leases, retries with backoff, dead letters come from
/// JobWorker), and every `sweepInterval` re-enqueues triaged tickets whose
/// enqueue was lost to a crash between commit and enqueue.
struct AnswerWorker: Service {
    let jobs: AnswerJobs
    let logger: Logger
    var sweepInterval: Duration = .seconds(30)
    /// A triaged ticket this old with no job is considered orphaned.
    var orphanAge: TimeInterval = 60
    /// How long answers in flight may run on after SIGTERM; then their LLM calls
    /// are cancelled and their jobs released to another node at once.
    var shutdownGrace: Duration = AnswerWorker.defaultShutdownGrace

    /// The grace period every work-queue loop gives jobs in flight at shutdown.
    static let defaultShutdownGrace: Duration = .seconds(5)

    /// Unique per process, so a restarted node never reuses a dead one's leases.
    static let workerID = "\(ProcessInfo.processInfo.hostName)-\(getpid())-\(UUID().uuidString.prefix(8))"

    func worker() -> JobWorker {
        .serving(
            AnswerJobs.kind, queue: jobs.queue, leaseSeconds: 120, batchSize: 4, pollInterval: 0.2, logger: logger
        ) { [jobs] job in try await jobs.handle(job) }
    }

    func run() async throws {
        let worker = worker()
        let grace = shutdownGrace
        await withTaskGroup(of: Void.self) { group in
            // On SIGTERM the worker claims nothing more; answers in flight get the
            // grace period, then are cancelled and released (not failed, not left
            // to the lease expiry), so another node answers them at once.
            group.addTask { await worker.run(until: { try? await gracefulShutdown() }, grace: grace) }
            group.addTask { await cancelWhenGracefulShutdown { await sweepLoop() } }
        }
    }

    private func sweepLoop() async {
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: sweepInterval)
                let created = try await jobs.sweep(olderThan: Date().addingTimeInterval(-orphanAge))
                if created > 0 { logger.notice("re-enqueued orphaned answer jobs", metadata: ["jobs": "\(created)"]) }
            } catch is CancellationError {
                return
            } catch {
                logger.warning("answer sweep failed", metadata: ["error": "\(error)"])
            }
        }
    }
}
