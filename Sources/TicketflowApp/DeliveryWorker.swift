import Foundation
import Logging
import ServiceLifecycle
import TicketflowCore

/// Runs this node's share of the outbox: claims `deliver.message` jobs
/// (leases, retries with backoff and dead letters come from JobWorker) and
/// sends them with the channel adapters. Every `settleSeconds` it also fails
/// the deliveries whose last attempt died with its node (`settleAbandoned`).
struct DeliveryWorker: Service {
    let deliveries: DeliveryService
    let queue: any JobQueue
    let logger: Logger
    var settleSeconds: Double = 60

    func run() async throws {
        let worker = JobWorker.serving(
            OutboxPolicy.jobKind, queue: queue, leaseSeconds: 180, batchSize: 4, pollInterval: 0.5,
            backoff: RetryBackoff(baseSeconds: 30, maximumSeconds: 1800), logger: logger
        ) { [deliveries] job in try await deliveries.handle(job) }
        await withDiscardingTaskGroup { group in
            group.addTask { await settleLoop() }
            await worker.run(until: { try? await gracefulShutdown() }, grace: AnswerWorker.defaultShutdownGrace)
            group.cancelAll()
        }
    }

    private func settleLoop() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(settleSeconds))
            guard !Task.isCancelled else { return }
            do {
                let settled = try await deliveries.settleAbandoned(queue: queue)
                if settled > 0 {
                    logger.warning(
                        "deliveries failed after an interrupted last attempt", metadata: ["count": "\(settled)"])
                }
            } catch {
                logger.warning("cannot check for abandoned deliveries", metadata: ["error": "\(error)"])
            }
        }
    }
}
