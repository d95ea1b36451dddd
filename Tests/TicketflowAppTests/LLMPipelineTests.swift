import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TicketflowApp
import TicketflowCore
import TicketflowLLM
import TicketflowTesting

/// The whole pipeline with an LLM endpoint configured: a loopback server
/// speaking the OpenAI wire format stands in for it.
@Suite struct LLMPipelineTests {
    static let reply = #"""
        {"answer": "To get a duplicate charge refunded, open Settings > Billing > Invoices. [Source: Duplicate charges]",
         "cited_titles": ["Duplicate charges"], "answer_quality": 9, "hallucination_risk": "low", "specificity": 4}
        """#

    /// `llmTriage` also sets category and sentiment to the LLM engine.
    static func configure(
        _ server: OpenAIStubServer, llmTriage: Bool = false
    ) -> @Sendable (inout AppConfiguration) -> Void {
        let url = server.baseURL
        return { configuration in
            configuration.llmBaseURL = url
            configuration.llmModel = "stub-model"
            configuration.llmTimeout = 8  // generous: the suite runs in parallel on two cores
            configuration.llmMaxRetries = 0
            configuration.queueWorker = false
            if llmTriage {
                configuration.triageEngine = .llm
                configuration.sentimentEngine = .llm
            }
        }
    }

    /// PII a customer might paste, and the ticket text that carries it.
    static let pii: [(value: String, ticket: String)] = [
        ("jane.doe+shop@example.co.uk", "Mail jane.doe+shop@example.co.uk"),
        ("+44 20 7946 0958", "Phone +44 20 7946 0958"),
        ("4111 1111 1111 1111", "Card 4111 1111 1111 1111"),
        ("GB82 WEST 1234 5698 7654 32", "IBAN GB82 WEST 1234 5698 7654 32"),
        ("123-45-6789", "SSN 123-45-6789"),
        ("AB 12 34 56 C", "NI AB 12 34 56 C"),
        ("221B Baker Street", "Write to 221B Baker Street"),
    ]

    @Test func noPIIReachesTheLLMOrTheLogs() async throws {
        let server = try await OpenAIStubServer.start(fallback: .reply(Self.reply))
        defer { server.stop() }
        let logs = CapturedLogs()
        try await withTestClient(logger: logs.logger(), configure: Self.configure(server, llmTriage: true)) {
            client, services in
            _ = try await client.post(
                "/v1/kb/articles", PipelineEndToEndTests.helpCenter, headers: try await services.bearer(.knowledge))
            for (index, item) in Self.pii.enumerated() {
                let body = try JSONSerialization.data(withJSONObject: [
                    "subject": "Duplicate charge",
                    "body": "How do I get a duplicate charge refunded? " + item.ticket,
                    "customer": ["email": "owner\(index)@example.org", "name": "Pat Doe"],
                ])
                #expect(try await client.post("/v1/tickets", String(decoding: body, as: UTF8.self)).status == .created)
            }
            _ = try await AnswerQueueTests.drain(services)
            let requests = server.requests
            #expect(requests.count >= Self.pii.count, "every ticket reached the LLM")
            #expect(requests.contains { $0.body.contains("ticket_triage") }, "the triage calls are checked too")
            for request in requests {
                for item in Self.pii { #expect(!request.body.contains(item.value), "\(item.value) sent to the LLM") }
                #expect(!request.body.contains("@example.org"))
                #expect(
                    request.body.contains("[") && request.body.contains("_1]"), "placeholders stand in for the values")
            }
            let logged = logs.all.joined(separator: "\n")
            #expect(!logged.isEmpty)
            for item in Self.pii { #expect(!logged.contains(item.value), "\(item.value) in the logs") }
            // Agents still see the raw text.
            let first = try #require(try await services.store.ticketDetail(id: 1))
            #expect(first.messages.first?.body.contains(Self.pii[0].value) == true)
            #expect(
                first.trace.contains { $0.stage == "answering" && $0.engine.hasPrefix("llm:stub-model") },
                "\(first.trace.map { "\($0.stage) \($0.output) \($0.details)" })")
        }
    }

    @Test(arguments: [
        ("server error", OpenAIStubServer.Behavior.status(500)),
        ("rate limited", .status(429, retryAfter: 0)),
        ("not JSON", .malformed),
        ("garbage answer", .reply("I think maybe yes")),
        ("timeout", .delay(10, .reply(LLMPipelineTests.reply))),
        ("slow stream", .slowDrip(LLMPipelineTests.reply, interval: 0.4)),
    ])
    func everyTicketIsStillAnsweredOrHeldWhenTheLLMFails(
        _ name: String, _ behavior: OpenAIStubServer.Behavior
    ) async throws {
        let server = try await OpenAIStubServer.start(fallback: behavior)
        defer { server.stop() }
        try await withTestClient(configure: Self.configure(server, llmTriage: true)) { client, services in
            _ = try await client.post(
                "/v1/kb/articles", PipelineEndToEndTests.helpCenter, headers: try await services.bearer(.knowledge))
            let created = try await client.post("/v1/tickets", AnswerQueueTests.question)
            #expect(created.status == .created, "\(name): intake never fails because of the LLM")
            #expect(try await AnswerQueueTests.drain(services).completed == 1)
            let detail = try #require(try await services.store.ticketDetail(id: 1))
            #expect([.autoResolved, .awaitingReview].contains(detail.ticket.status), "\(name)")
            let answering = try #require(detail.trace.first { $0.stage == "answering" })
            #expect(answering.details["generator_fallback"]?.isEmpty == false, "\(name): \(answering.details)")
            #expect(
                answering.details["generator"] == "extractive" || answering.engine == "extractive"
                    || answering.details["generator"]?.contains("extractive") == true,
                "\(name): \(answering.details)")
            #expect(!server.requests.isEmpty)
            let triage = try #require(detail.trace.first { $0.stage == "llm_triage" })
            #expect(triage.details["fallback"]?.isEmpty == false, "\(name): \(triage.details)")
            #expect(detail.ticket.category == "billing", "\(name): the built-in category stands")
        }
    }

    @Test func theLLMEnginesReadCategoryAndSentimentBeforeAnswering() async throws {
        let server = try await OpenAIStubServer.start(fallback: .reply(Self.reply))
        defer { server.stop() }
        server.enqueue(
            .reply(
                #"{"category": "account", "escalation_risk": false, "reason": "A plain question about a charge.", "#
                    + #""sentiment": "neutral", "urgency": 2}"#))
        try await withTestClient(configure: Self.configure(server, llmTriage: true)) { client, services in
            _ = try await client.post(
                "/v1/kb/articles", PipelineEndToEndTests.helpCenter, headers: try await services.bearer(.knowledge))
            #expect(try await client.post("/v1/tickets", AnswerQueueTests.question).status == .created)
            let intake = try #require(try await services.store.ticketDetail(id: 1))
            #expect(intake.ticket.category == "billing", "intake reads with the built-in engines")
            #expect(try await AnswerQueueTests.drain(services).completed == 1)
            let detail = try #require(try await services.store.ticketDetail(id: 1))
            #expect(detail.ticket.category == "account" && detail.ticket.categoryConfidence == nil)
            #expect(detail.ticket.escalationReason == "A plain question about a charge.")
            let stages = detail.trace.map(\.stage)
            let triage = try #require(detail.trace.first { $0.stage == "llm_triage" })
            #expect(triage.engine == "llm:stub-model/triage@1")
            #expect(triage.details["builtin_category"] == "billing" && triage.details["llm_calls"] == "triage:ok")
            #expect(
                try #require(stages.firstIndex(of: "llm_triage")) < (try #require(stages.firstIndex(of: "retrieve"))))
            #expect(server.requests.first?.body.contains("ticket_triage") == true)
        }
    }
}
