import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import TicketflowApp
import TicketflowCore
import TicketflowTesting

/// The whole server configured with a real LLM endpoint (scripts/llm-server.sh: llama.cpp with
/// SmolLM2-135M-Instruct and a bearer key), as an operator sets it: a ticket is answered and judged
/// through it, then the QA run scores the result through it. Checks are on the decisions recorded.
@Suite(.enabled(if: RealLLMServer.configured != nil, Comment(rawValue: RealLLMServer.skipReason)))
struct RealLLMPipelineTests {
    static func configure(_ server: RealLLMServer) -> @Sendable (inout AppConfiguration) -> Void {
        { configuration in
            configuration.llmBaseURL = server.baseURL
            configuration.llmModel = server.model
            configuration.llmAPIKey = server.apiKey
            // Generous: one CPU thread serves every real-server test, beside the rest of CI.
            configuration.llmTimeout = 90
            configuration.llmMaxRetries = 0
            configuration.queueWorker = false
        }
    }

    @Test func anAgentsDraftStreamsFromTheServer() async throws {
        let server = try #require(RealLLMServer.configured)
        try await withTestClient(.live, configure: Self.configure(server)) { client, services in
            _ = try await client.post(
                "/v1/kb/articles", PipelineEndToEndTests.helpCenter, headers: try await services.bearer(.knowledge))
            let id = try await services.seedReviewTicket(
                subject: "Duplicate charge", body: "How do I get a duplicate charge refunded?")
            // The raw loopback client: the test client's read timeout is shorter than an answer and a judge
            // call take on one shared CPU thread.
            let agent = try await services.bearer(.agent)
            let response = try await LoopbackHTTPClient.send(
                "POST", "/v1/agent/tickets/\(id)/draft", port: try #require(client.port),
                headers: [
                    ("Authorization", try #require(agent[.authorization])), ("Accept", "text/event-stream"),
                ])
            #expect(response.status == 200 && response.header("content-type") == "text/event-stream")
            let events = RedraftAPITests.events(in: response.body)
            #expect(events.last?.name == "draft", "\(events.map(\.name))")
            let redraft = try #require(try await services.store.ticketEvents(ticketID: id).last)
            #expect(redraft.kind == .redraft)
            #expect(events.filter { $0.name == "text" }.count > 1, "the model's answer arrived in pieces")
            if redraft.details["engine"]?.hasPrefix("llm:") != true {
                // The 135M model often writes until max_tokens and never closes its JSON: the built-in composer
                // then wrote the stored draft, which replaces what streamed.
                #expect(redraft.details["engine"] == "extractive")
            }
            #expect(try await services.store.ticketDetail(id: id)?.messages.count == 1, "nothing was sent")
        }
    }

    @Test func aTicketIsAnsweredJudgedAndReviewedThroughTheServer() async throws {
        let server = try #require(RealLLMServer.configured)
        try await withTestClient(configure: Self.configure(server)) { client, services in
            _ = try await client.post(
                "/v1/kb/articles", PipelineEndToEndTests.helpCenter, headers: try await services.bearer(.knowledge))
            #expect(try await client.post("/v1/tickets", AnswerQueueTests.question).status == .created)
            #expect(try await AnswerQueueTests.drain(services).completed == 1)

            let detail = try #require(try await services.store.ticketDetail(id: 1))
            let answering = try #require(detail.trace.first { $0.stage == "answering" })
            // Both calls got a 200 from the server with the configured key, whatever the model wrote.
            #expect(answering.details["llm_calls"] == "answer:ok,judge:ok", "\(answering.details)")
            #expect(answering.details["judge_fallback"] == nil, "the judge's reply is schema-constrained")
            #expect(answering.details["judge"]?.hasPrefix("llm:\(server.model)/") == true)
            // A 135M model may not write the answer JSON; the built-in composer then takes over and says why.
            if let fallback = answering.details["generator_fallback"] {
                #expect(fallback.contains("bad_response"), "only the content may be unusable: \(fallback)")
                #expect(answering.details["generator"] == "extractive")
            } else {
                #expect(answering.details["generator"]?.hasPrefix("llm:\(server.model)/") == true)
            }
            #expect((0...1).contains(Double(answering.details["confidence"] ?? "") ?? -1))
            switch answering.details["decision"] {
            case "send":
                #expect(detail.ticket.status == .autoResolved && detail.draft == nil)
                #expect(detail.messages.contains { $0.author == .ai })
            case "hold_for_review":
                #expect(detail.ticket.status == .awaitingReview)
                #expect(detail.draft?.reasons.isEmpty == false)
            case let other: Issue.record("no gate decision in the trace: \(String(describing: other))")
            }

            let report = try await services.qaRunner().run(since: Date().addingTimeInterval(-3600))
            #expect(report.reviewed == 1 && report.llmFallbacks == 0, "\(report)")
            let review = try #require(
                try await services.store.qaReviews(since: .distantPast).first { $0.ticketID == 1 })
            #expect(review.engine.hasPrefix("llm:\(server.model)/"), "\(review.engine)")
            #expect(["ai_answer", "ai_draft"].contains(review.subject))
            #expect((1...10).contains(review.accuracy))
        }
    }
}
