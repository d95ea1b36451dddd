import CoreMetrics
import Prometheus
import TicketflowCore

/// Ticketflow's metrics, recorded through the swift-metrics factory it is
/// given rather than the process-wide `MetricsSystem`: the composition root
/// builds one Prometheus registry per server (`prometheus()`), and tests give
/// each test its own factory (`TestMetrics`), so tests running in parallel in
/// one process never see each other's counts.
public struct MetricsExporter: Sendable {
    /// Where every metric is made; also handed to the HTTP request middleware.
    public let factory: any MetricsFactory
    /// The text exposition for `/metrics`; nil for a factory that has none.
    public let render: (@Sendable () -> [UInt8])?

    /// Records through `factory`; `render` serves `/metrics` when given.
    public init(factory: any MetricsFactory, render: (@Sendable () -> [UInt8])? = nil) {
        self.factory = factory
        self.render = render
    }

    /// A fresh Prometheus registry and the factory over it, with duration
    /// buckets from 100 µs (pipeline stages take well under a millisecond).
    public static func prometheus() -> MetricsExporter {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .microseconds(100), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5),
            .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
            .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
        ]
        return MetricsExporter(factory: factory, render: { registry.emitToBuffer() })
    }

    /// Records one pipeline run: each stage's duration and failures, and the
    /// ticket's route and status.
    public func recordPipelineRun(_ trace: [TraceEntry], ticket: Ticket) {
        for entry in trace {
            Timer(
                label: "ticketflow_pipeline_stage_duration_seconds", dimensions: [("stage", entry.stage)],
                factory: factory
            )
            .recordNanoseconds(Int64(entry.durationMs * 1_000_000))
            if entry.status == .failed {
                Counter(
                    label: "ticketflow_pipeline_stage_failures_total", dimensions: [("stage", entry.stage)],
                    factory: factory
                ).increment()
            }
        }
        Counter(
            label: "ticketflow_tickets_routed_total",
            dimensions: [
                ("route", ticket.route?.rawValue ?? "none"), ("status", ticket.status.rawValue),
            ], factory: factory
        ).increment()
    }

    /// Records one LLM call's outcome and tokens.
    public func recordLLMCall(purpose: String, outcome: String, promptTokens: Int, completionTokens: Int) {
        Counter(
            label: "ticketflow_llm_calls_total", dimensions: [("purpose", purpose), ("outcome", outcome)],
            factory: factory
        ).increment()
        Counter(label: "ticketflow_llm_tokens_total", dimensions: [("kind", "prompt")], factory: factory)
            .increment(by: promptTokens)
        Counter(label: "ticketflow_llm_tokens_total", dimensions: [("kind", "completion")], factory: factory)
            .increment(by: completionTokens)
    }

    /// Sets the number of tickets waiting for people, by status.
    public func recordQueueDepth(status: String, count: Int) {
        Gauge(label: "ticketflow_queue_depth", dimensions: [("status", status)], factory: factory).record(count)
    }

    /// Sets the number of work-queue jobs in each state.
    public func recordJobs(state: String, count: Int) {
        Gauge(label: "ticketflow_jobs", dimensions: [("state", state)], factory: factory).record(count)
    }
}
