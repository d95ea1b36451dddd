import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct MetricsTests {
    @Test func metricsEndpointSpeaksPrometheusText() async throws {
        try await withTestClient { client, services in
            _ = try await client.post("/v1/tickets", #"{"body":"My invoice is wrong"}"#)
            _ = try await client.get("/v1/tickets/1", asAgentOf: services)
            let response = try await client.get("/metrics")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
            let text = String(buffer: response.body)
            // Every line is a comment or `name{labels} value`, as the exposition format requires.
            let sample = try Regex(#"^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})? -?[0-9.eE+\-]+(Inf)?$"#)
            for line in text.split(separator: "\n") where !line.hasPrefix("#") {
                #expect(line.wholeMatch(of: sample) != nil, "not a Prometheus sample: \(line)")
            }
            #expect(text.contains("ticketflow_pipeline_stage_duration_seconds"))
            #expect(text.contains("ticketflow_tickets_routed_total"))
            #expect(text.contains("hb_requests") || text.contains("http_requests"))
        }
    }

    @Test func queueDepthAndJobGaugesAreSampled() async throws {
        try await withTestClient(.live, configure: { $0.answerMode = "queue"; $0.queueWorker = false }) { client, services in
            _ = try await client.post("/v1/tickets", #"{"body":"How do I reset my password?"}"#)
            #expect(try await services.store.statusCounts()[.triaged] == 1)
            // The sampler runs at start and every 15 s; poll the exposition for the gauges.
            var text = ""
            for _ in 0..<70 {
                text = String(buffer: try await client.get("/metrics").body)
                if text.contains("ticketflow_queue_depth{status=\"triaged\"} 1") { break }
                try await Task.sleep(for: .milliseconds(500))
            }
            #expect(text.contains("ticketflow_queue_depth{status=\"triaged\"}"), "\(text.prefix(2000))")
            #expect(text.contains("ticketflow_jobs{state=\"pending\"}"))
        }
    }
}
