import Foundation
import Logging
import TicketflowCore

extension JobWorker {
    /// A worker for one job kind on this node (`AnswerWorker.workerID`), logging the queue failures it
    /// survives: the answer, delivery and mailbox loops differ only in kind, handler and timings.
    static func serving(
        _ kind: String, queue: any JobQueue, leaseSeconds: Double, batchSize: Int, pollInterval: Double,
        backoff: RetryBackoff = RetryBackoff(), logger: Logger, handler: @escaping JobHandler
    ) -> JobWorker {
        var handlers = JobHandlers()
        handlers.register(kind, handler)
        return JobWorker(
            queue: queue, handlers: handlers,
            configuration: JobWorker.Configuration(
                workerID: AnswerWorker.workerID, leaseSeconds: leaseSeconds, batchSize: batchSize,
                pollInterval: pollInterval, backoff: backoff),
            onError: { error in logger.warning("work queue unavailable; retrying", metadata: ["error": "\(error)"]) })
    }
}
