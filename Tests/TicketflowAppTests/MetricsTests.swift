import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import MetricsTestKit
import Testing
import TicketflowApp
import TicketflowCore
import TicketflowMetrics
import TicketflowTesting

/// Metrics are made by the factory each server is given, so every test here
/// has its own (`TestMetrics`, or a Prometheus registry of its own) and checks
/// exact values while other tests run in the same process.
@Suite struct MetricsTests {
    static let stages = ["triage", "sentiment", "routing", "retrieve", "answering"]

    /// The app on a fresh store recording into `metrics`, driven through `setup`.
    func withApp(
        _ setup: TestingSetup = .router, metrics: MetricsExporter,
        configure: @escaping @Sendable (inout AppConfiguration) -> Void = { _ in },
        _ body: @escaping @Sendable (any TestClientProtocol, AppServices) async throws -> Void
    ) async throws {
        try await withTemporaryDirectory { dir in
            let services = try await TestApp.services(dataDirectory: dir, metrics: metrics, configure: configure)
            try await TestApp.application(services).test(setup) { client in try await body(client, services) }
        }
    }

    @Test func metricsEndpointSpeaksPrometheusTextWithThisServersCounts() async throws {
        try await withTestClient { client, services in
            for n in 1...2 { _ = try await client.post("/v1/tickets", #"{"body":"My invoice \#(n) is wrong"}"#) }
            _ = try await client.get("/v1/tickets/1", asAgentOf: services)
            let response = try await client.get("/metrics")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
            let text = String(buffer: response.body)
            // Every line is a comment or `name{labels} value`, as the exposition format requires.
            let sample = try Regex(
                #"^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})? -?[0-9.eE+\-]+(Inf)?$"#)
            for line in text.split(separator: "\n") where !line.hasPrefix("#") {
                #expect(line.wholeMatch(of: sample) != nil, "not a Prometheus sample: \(line)")
            }
            // The registry is this server's own: exactly its two tickets, whatever else runs in the process.
            #expect(Self.sum(text, "ticketflow_tickets_routed_total{") == 2, "\(text.prefix(3000))")
            for stage in Self.stages {
                #expect(Self.sum(text, "ticketflow_pipeline_stage_duration_seconds_count{stage=\"\(stage)\"}") == 2)
            }
            #expect(Self.sum(text, "hb_requests{", containing: "http_response_status_code=\"201\"") == 2)
        }
    }

    @Test func eachStoredIntakeCountsOnceAndAReplayDoesNotCount() async throws {
        let recorded = TestMetrics()
        try await withApp(metrics: MetricsExporter(factory: recorded)) { client, _ in
            var headers = jsonHeaders
            headers[HTTPField.Name("Idempotency-Key")!] = "order-1"
            let first = try await client.post(
                "/v1/tickets", #"{"body":"I was charged twice for order 1"}"#, headers: headers)
            #expect(first.status == .created)
            for n in 2...3 {
                let other = try await client.post(
                    "/v1/tickets", #"{"body":"Where is my parcel \#(n)?","external_id":"p\#(n)"}"#)
                #expect(other.status == .created)
            }
            // Retries of stored tickets: the same key, and the same external id with the same text.
            let replay = try await client.post(
                "/v1/tickets", #"{"body":"I was charged twice for order 1"}"#, headers: headers)
            #expect(replay.status == .ok && replay.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            let again = try await client.post("/v1/tickets", #"{"body":"Where is my parcel 2?","external_id":"p2"}"#)
            #expect(again.status == .ok)

            #expect(recorded.counterTotal(label: "ticketflow_tickets_routed_total") == 3)
            for stage in Self.stages {
                let timer = try recorded.expectTimer("ticketflow_pipeline_stage_duration_seconds", [("stage", stage)])
                #expect(timer.values.count == 3, "\(stage)")
                #expect(timer.values.allSatisfy { $0 >= 0 })
            }
            // The HTTP middleware counted every request, replays as 200s.
            let created = recorded.counterTotal(
                label: "hb.requests",
                dimensions: [
                    ("http.route", "/v1/tickets"), ("http.request.method", "POST"),
                    ("http.response.status_code", "201"),
                ])
            let replayed = recorded.counterTotal(
                label: "hb.requests",
                dimensions: [
                    ("http.route", "/v1/tickets"), ("http.request.method", "POST"),
                    ("http.response.status_code", "200"),
                ])
            #expect(created == 3 && replayed == 2)
            #expect(
                try recorded.expectMeter("http.server.active_requests", [("http.request.method", "POST")]).lastValue
                    == 0)
        }
    }

    @Test func queueDepthAndJobGaugesEqualTheStoreAfterASample() async throws {
        let recorded = TestMetrics()
        try await withApp(
            metrics: MetricsExporter(factory: recorded),
            configure: {
                $0.answerMode = .queue; $0.queueWorker = false
            }
        ) { _, services in
            for n in 1...3 {
                _ = try await services.tickets.intake(IntakeRequest(body: "How do I reset password \(n)?"))
            }
            let sampler = MetricsSampler(store: services.store, metrics: services.metrics, logger: TestApp.logger)
            await sampler.sample()
            let counts = try await services.store.statusCounts()
            #expect(counts[.triaged] == 3)
            for status in [TicketStatus.triaged, .awaitingReview, .escalated] {
                let gauge = try recorded.expectGauge("ticketflow_queue_depth", [("status", status.rawValue)])
                #expect(gauge.lastValue == Double(counts[status] ?? -1), "\(status)")
            }
            let jobs = try await services.store.jobStats()
            #expect(jobs[.pending] == 3)
            for (state, count) in jobs {
                #expect(
                    try recorded.expectGauge("ticketflow_jobs", [("state", state.rawValue)]).lastValue == Double(count))
            }
        }
    }

    @Test func llmCallsAndTokensAreCountedAsTheEndpointSawThem() async throws {
        let server = try await OpenAIStubServer.start(fallback: .reply(LLMPipelineTests.reply))
        defer { server.stop() }
        let recorded = TestMetrics()
        try await withApp(metrics: MetricsExporter(factory: recorded), configure: LLMPipelineTests.configure(server)) {
            client, services in
            _ = try await client.post(
                "/v1/kb/articles", PipelineEndToEndTests.helpCenter, headers: try await services.bearer(.knowledge))
            for n in 1...2 {
                let body = #"{"body":"How do I get a duplicate charge refunded? Order \#(n)"}"#
                #expect(try await client.post("/v1/tickets", body).status == .created)
            }
            _ = try await AnswerQueueTests.drain(services)
            let calls = server.requests.filter { $0.path.hasSuffix("/chat/completions") }.count
            #expect(calls >= 2, "each ticket reached the LLM")
            #expect(recorded.counterTotal(label: "ticketflow_llm_calls_total") == Int64(calls))
            // The stub reports 100 prompt and 20 completion tokens per call.
            #expect(
                recorded.counterTotal(label: "ticketflow_llm_tokens_total", dimensions: [("kind", "prompt")])
                    == Int64(100 * calls))
            #expect(
                recorded.counterTotal(label: "ticketflow_llm_tokens_total", dimensions: [("kind", "completion")])
                    == Int64(20 * calls))
        }
    }

    @Test func theServersSamplerRecordsIntoTheInjectedFactory() async throws {
        let recorded = TestMetrics()
        try await withApp(.live, metrics: MetricsExporter(factory: recorded)) { client, _ in
            #expect(try await client.get("/healthz").status == .ok)
            // The sampler takes its first sample as the server starts.
            var depth: Double?
            for _ in 0..<100 where depth == nil {
                depth =
                    recorded.recorders(label: "ticketflow_queue_depth", dimensions: [("status", "triaged")]).first?
                    .lastValue
                if depth == nil { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(depth == 0)
            // A factory without a text exposition leaves `/metrics` out.
            #expect(try await client.get("/metrics").status == .notFound)
        }
    }

    /// The sum of the values of the samples whose line starts with `prefix`
    /// (and contains `containing`).
    static func sum(_ text: String, _ prefix: String, containing: String = "") -> Double {
        text.split(separator: "\n")
            // (Foundation's `contains("")` is false, hence the isEmpty.)
            .filter { $0.hasPrefix(prefix) && (containing.isEmpty || $0.contains(containing)) }
            .compactMap { $0.split(separator: " ").last.flatMap { Double($0) } }
            .reduce(0, +)
    }
}
