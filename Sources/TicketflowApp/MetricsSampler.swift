import Foundation
import Logging
import ServiceLifecycle
import TicketflowCore
import TicketflowMetrics

/// Samples the gauges no request updates: tickets waiting by status (the
/// review queue's depth, and triaged tickets waiting for a queued answer) and
/// work-queue jobs by state, every `interval`, for `/metrics`.
public struct MetricsSampler: Service {
    let store: any AnalyticsStore & JobQueue
    /// Where the gauges are recorded: the server's own registry, not a global one.
    let metrics: MetricsExporter
    let logger: Logger
    let interval: Duration

    /// Samples `store` into `metrics` every `interval`.
    public init(
        store: any AnalyticsStore & JobQueue, metrics: MetricsExporter, logger: Logger,
        interval: Duration = .seconds(15)
    ) {
        self.store = store
        self.metrics = metrics
        self.logger = logger
        self.interval = interval
    }

    /// Samples at once, then every `interval` until shutdown.
    public func run() async throws {
        // The sleep ends on SIGTERM too: an idle server stops at once, not after
        // sleeping out the interval.
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await sample()
                try? await Task.sleep(for: interval)
            }
        }
    }

    /// Takes one sample; a failed read is logged and the gauges keep their last values.
    public func sample() async {
        do {
            for (status, count) in try await store.statusCounts()
            where [.triaged, .awaitingReview, .escalated].contains(status) {
                metrics.recordQueueDepth(status: status.rawValue, count: count)
            }
            for (state, count) in try await store.jobStats() {
                metrics.recordJobs(state: state.rawValue, count: count)
            }
        } catch {
            logger.debug("metrics sample failed", metadata: ["error": "\(error)"])
        }
    }
}
