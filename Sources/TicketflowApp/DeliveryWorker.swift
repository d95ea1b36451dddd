import Foundation
import Logging
import ServiceLifecycle
import TicketflowCore

/// Runs this node's share of the outbox: claims `deliver.message` jobs
/// (leases, retries with backoff and dead letters come from JobWorker) and
/// sends them with the channel adapters.
struct DeliveryWorker: Service {
    let deliveries: DeliveryService
    let queue: any JobQueue
    let logger: Logger

    func run() async throws {
        let worker = JobWorker.serving(
            OutboxPolicy.jobKind, queue: queue, leaseSeconds: 180, batchSize: 4, pollInterval: 0.5,
            backoff: RetryBackoff(baseSeconds: 30, maximumSeconds: 1800), logger: logger
        ) { [deliveries] job in try await deliveries.handle(job) }
        await worker.run(until: { try? await gracefulShutdown() }, grace: AnswerWorker.defaultShutdownGrace)
    }
}
