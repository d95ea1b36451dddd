import Foundation
import Testing
import TicketflowCore
import TicketflowTesting
import TicketflowTriage
@testable import TicketflowLLM

/// The LLM triage engine against the loopback stand-in: what it asks, how it reads the reply and its
/// log-probabilities, and the rules that combine it with the built-in readings.
@Suite struct LLMTriageTests {
    static let engine: TriageEngine = try! TriageEngine.starter()

    /// `{"category": "<label>", ...}` spelt as a server sends it, token by token, with the label's
    /// tokens at `labelLogprob` each.
    static func tokens(category: String, labelLogprob: Double, rest: String = "}") -> [(String, Double)] {
        [("{\"", -0.01), ("category", -0.01), ("\":\"", -0.01)]
            + category.split(separator: "_", omittingEmptySubsequences: false).enumerated().map { index, part in
                ((index == 0 ? "" : "_") + part, labelLogprob)
            } + [("\"", -0.01), (rest, -0.01)]
    }

    static func sentimentJSON(_ sentiment: String, urgency: Int, risk: Bool, reason: String) -> String {
        #""sentiment":"\#(sentiment)","urgency":\#(urgency),"escalation_risk":\#(risk),"reason":"\#(reason)"}"#
    }

    static func context(
        _ body: String, triagedAs category: String, email: String = "pat@example.org"
    )
        -> TicketContext
    {
        let now = Date()
        return TicketContext(
            ticket: Ticket(
                id: 7, channel: .api, subject: "", status: .triaged, category: category, categoryConfidence: 0.8,
                sentiment: .neutral, urgency: 2, route: .aiOnly, createdAt: now),
            customer: CustomerInput(name: "Pat Doe", email: email), history: [],
            incoming: NewMessage(author: .customer, body: body, createdAt: now))
    }

    static func stage(
        _ server: OpenAIStubServer, category: TriageEngineChoice, sentiment: TriageEngineChoice
    )
        -> LLMTriageStage
    {
        LLMTriageStage(
            reader: LLMTriageReader(client: LLMEngineTests.client(server)), engine: engine,
            categoryEngine: category, sentimentEngine: sentiment)
    }

    @Test func theCategoryProbabilityIsTheProductOverTheLabelsTokens() {
        let tokens = Self.tokens(category: "feature_request", labelLogprob: log(0.9)).map {
            TokenAlternative(token: $0.0, logprob: $0.1)
        }
        let p = LLMTriageReader.probability(ofValue: "feature_request", forKey: "category", in: tokens)
        // Two label tokens at 0.9, and the tokens holding its quotes at e^-0.01 each.
        #expect(abs((p ?? 0) - 0.9 * 0.9 * exp(-0.02)) < 1e-9)
        #expect(LLMTriageReader.probability(ofValue: "billing", forKey: "category", in: tokens) == nil)
        #expect(LLMTriageReader.probability(ofValue: "billing", forKey: "category", in: []) == nil)
    }

    @Test func theRequestIsASchemaWithTheTaxonomyAsAnEnumAndTheTextRedacted() async throws {
        let server = try await OpenAIStubServer.start()
        defer { server.stop() }
        server.enqueue(.replyTokens(Self.tokens(category: "billing", labelLogprob: -0.05)))
        var context = Self.context("Charged twice, write to pat@example.org", triagedAs: "technical")
        let report = try await Self.stage(server, category: .llm, sentiment: .builtin).process(&context)
        #expect(context.ticket.category == "billing")
        #expect(abs((context.ticket.categoryConfidence ?? 0) - exp(-0.07)) < 1e-6)
        #expect(report.details["builtin_category"] == "technical" && report.details["llm_category"] == "billing")
        let request = try #require(server.requests.first)
        let body = try #require(try JSONSerialization.jsonObject(with: Data(request.body.utf8)) as? [String: Any])
        let format = try #require(body["response_format"] as? [String: Any])
        #expect(format["type"] as? String == "json_schema")
        let schema = try #require((format["json_schema"] as? [String: Any])?["schema"] as? [String: Any])
        let properties = try #require(schema["properties"] as? [String: Any])
        #expect(Set(properties.keys) == ["category"], "only the parts asked for")
        let choices = try #require((properties["category"] as? [String: Any])?["enum"] as? [String])
        #expect(Set(choices) == Set(Self.engine.models.category.labels + ["unknown"]))
        #expect(body["logprobs"] as? Bool == true)
        #expect(!request.body.contains("pat@example.org") && request.body.contains("[EMAIL_1]"))
    }

    @Test func anUnsureOrUnknownAnswerLeavesTheCategoryUnknown() async throws {
        let server = try await OpenAIStubServer.start()
        defer { server.stop() }
        server.enqueue(
            .replyTokens(Self.tokens(category: "billing", labelLogprob: log(0.3))),
            .reply(#"{"category": "unknown"}"#))
        var unsure = Self.context("hello?", triagedAs: "unknown")
        _ = try await Self.stage(server, category: .ensemble, sentiment: .builtin).process(&unsure)
        #expect(unsure.ticket.category == "unknown")
        var denied = Self.context("hello?", triagedAs: "billing")
        let report = try await Self.stage(server, category: .llm, sentiment: .builtin).process(&denied)
        #expect(denied.ticket.category == "unknown", "in llm mode the LLM decides")
        #expect(report.details["llm_category_p"] == "not sent")
    }

    @Test func theEnsembleAsksOnlyWhereTheBuiltInIsUnsure() async throws {
        let server = try await OpenAIStubServer.start()
        defer { server.stop() }
        // Clear to the starter models: a confident category and a confident sentiment reading.
        var context = Self.context("I was charged twice for my subscription this month", triagedAs: "billing")
        let (builtin, _) = await SentimentStage.assess(context, with: Self.engine.models)
        try #require(builtin.modelConfidence >= LLMTriageStage.ensembleSentimentConfidence)
        let report = try await Self.stage(server, category: .ensemble, sentiment: .ensemble).process(&context)
        #expect(server.requests.isEmpty)
        #expect(report.engine == "builtin" && context.ticket.category == "billing")
    }

    @Test func theUrgencySignalsKeepTheirFloorUnderTheLLMsSentiment() async throws {
        let server = try await OpenAIStubServer.start()
        defer { server.stop() }
        server.enqueue(
            .reply("{" + Self.sentimentJSON("neutral", urgency: 2, risk: false, reason: "A calm question.")))
        var context = Self.context(
            "My lawyer will file a claim unless the account is fixed", triagedAs: "account")
        let report = try await Self.stage(server, category: .builtin, sentiment: .llm).process(&context)
        #expect(report.details["llm_sentiment"] == "neutral")
        #expect((context.ticket.urgency ?? 0) >= 4, "a legal threat keeps urgency 4 or more")
        #expect(context.ticket.escalationRisk == true)
        #expect(context.ticket.escalationReason?.hasPrefix("A calm question. Signals: legal") == true)
    }

    @Test func theLLMsUrgencyRaisesTheRouteWithItsReason() async throws {
        let server = try await OpenAIStubServer.start()
        defer { server.stop() }
        server.enqueue(
            .reply(
                "{" + Self.sentimentJSON("urgent", urgency: 5, risk: true, reason: "The clinic cannot see patients.")))
        var context = Self.context("the clinic cannot open the records page", triagedAs: "technical")
        let report = try await Self.stage(server, category: .builtin, sentiment: .llm).process(&context)
        #expect(context.ticket.sentiment == .urgent && context.ticket.urgency == 5)
        #expect(context.ticket.route == .humanNow && context.ticket.status == .escalated)
        #expect(report.details["route_before"] == "ai_only")
        #expect(context.ticket.escalationReason == "The clinic cannot see patients.")
    }

    @Test func aNeutralReadingCalmsAFalseAlarm() async throws {
        let server = try await OpenAIStubServer.start()
        defer { server.stop() }
        server.enqueue(.reply("{" + Self.sentimentJSON("neutral", urgency: 2, risk: false, reason: "A plain request.")))
        var context = Self.context("hi", triagedAs: "product_question")
        context.ticket.sentiment = .negative
        context.ticket.urgency = 3
        _ = try await Self.stage(server, category: .builtin, sentiment: .llm).process(&context)
        #expect(context.ticket.sentiment == .neutral && context.ticket.urgency == 2)
        #expect(context.ticket.escalationRisk == false)
    }

    @Test func anyFailureKeepsTheBuiltInReadings() async throws {
        let server = try await OpenAIStubServer.start()
        defer { server.stop() }
        server.enqueue(
            .status(500), .malformed, .reply(#"{"category": "shipping"}"#),
            .reply(#"{"sentiment": "furious", "urgency": 9, "escalation_risk": "yes"}"#))
        for (category, sentiment) in [
            (TriageEngineChoice.llm, TriageEngineChoice.llm), (.llm, .llm), (.llm, .builtin), (.builtin, .llm),
        ] {
            var context = Self.context("Where is my invoice?", triagedAs: "billing")
            let before = context.ticket
            let report = try await Self.stage(server, category: category, sentiment: sentiment).process(&context)
            #expect(context.ticket == before, "built-in readings kept")
            #expect(report.output == "built-in readings kept: the LLM failed")
            #expect(report.details["fallback"]?.isEmpty == false)
        }
        #expect(server.requests.count == 4)
    }
}
