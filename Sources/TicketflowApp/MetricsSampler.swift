import Foundation
import Logging
import ServiceLifecycle
import TicketflowCore
import TicketflowMetrics

/// Samples the gauges no request updates: tickets waiting by status (the
/// review queue's depth, and triaged tickets waiting for a queued answer) and
/// work-queue jobs by state, every `interval`, for `/metrics`.
struct MetricsSampler: Service {
    let store: any AnalyticsStore & JobQueue
    let logger: Logger
    var interval: Duration = .seconds(15)

    func run() async throws {
        // The sleep ends on SIGTERM too: an idle server stops at once, not after
        // sleeping out the interval.
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await sample()
                try? await Task.sleep(for: interval)
            }
        }
    }

    func sample() async {
        do {
            for (status, count) in try await store.statusCounts()
            where [.triaged, .awaitingReview, .escalated].contains(status) {
                MetricsExporter.shared.recordQueueDepth(status: status.rawValue, count: count)
            }
            for (state, count) in try await store.jobStats() {
                MetricsExporter.shared.recordJobs(state: state.rawValue, count: count)
            }
        } catch {
            logger.debug("metrics sample failed", metadata: ["error": "\(error)"])
        }
    }
}
