import CoreMetrics
import Metrics
import Prometheus
import TicketflowCore

/// The process-wide Prometheus registry behind swift-metrics. swift-metrics
/// can be bootstrapped once per process, so this is the one place that does.
public final class MetricsExporter: Sendable {
    /// Bootstraps swift-metrics on first use; later uses share it.
    public static let shared = MetricsExporter()

    let registry: PrometheusCollectorRegistry

    private init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .microseconds(100), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5),
            .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
            .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
        ]
        MetricsSystem.bootstrap(factory)
    }

    /// The Prometheus text exposition of every metric.
    public func render() -> [UInt8] {
        registry.emitToBuffer()
    }

    /// Records one pipeline run: each stage's duration and failures, and the
    /// ticket's route and status.
    public func recordPipelineRun(_ trace: [TraceEntry], ticket: Ticket) {
        for entry in trace {
            Timer(label: "ticketflow_pipeline_stage_duration_seconds", dimensions: [("stage", entry.stage)])
                .recordNanoseconds(Int64(entry.durationMs * 1_000_000))
            if entry.output.hasPrefix("failed") {
                Counter(label: "ticketflow_pipeline_stage_failures_total", dimensions: [("stage", entry.stage)]).increment()
            }
        }
        Counter(label: "ticketflow_tickets_routed_total", dimensions: [
            ("route", ticket.route?.rawValue ?? "none"), ("status", ticket.status.rawValue),
        ]).increment()
    }

    /// Records one LLM call's outcome and tokens.
    public func recordLLMCall(purpose: String, outcome: String, promptTokens: Int, completionTokens: Int) {
        Counter(label: "ticketflow_llm_calls_total", dimensions: [("purpose", purpose), ("outcome", outcome)]).increment()
        Counter(label: "ticketflow_llm_tokens_total", dimensions: [("kind", "prompt")]).increment(by: promptTokens)
        Counter(label: "ticketflow_llm_tokens_total", dimensions: [("kind", "completion")]).increment(by: completionTokens)
    }

    /// Sets the number of tickets waiting for people, by status.
    public func recordQueueDepth(status: String, count: Int) {
        Gauge(label: "ticketflow_queue_depth", dimensions: [("status", status)]).record(count)
    }

    /// Sets the number of work-queue jobs in each state.
    public func recordJobs(state: String, count: Int) {
        Gauge(label: "ticketflow_jobs", dimensions: [("state", state)]).record(count)
    }
}
