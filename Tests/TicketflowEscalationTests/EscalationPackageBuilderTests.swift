import Foundation
import Testing
import TicketflowCore
import TicketflowEscalation

@Suite struct EscalationPackageBuilderTests {
    let builder = EscalationPackageBuilder()
    let now = Fixtures.opened.addingTimeInterval(600)

    @Test func buildsEveryPartFromTheRecordedTicket() throws {
        let package = builder.build(Fixtures.detail(), ticketsLast30Days: 3, at: now)
        #expect(package.version == 1 && package.ticketID == 7 && package.builtAt == now)
        #expect(package.ticketUpdatedAt == Fixtures.opened)
        #expect(
            package.customer == .init(name: "Dana Whitfield", plan: "pro", ticketsLast30Days: 3, lifetimeValue: 1240))
        #expect(package.classification.category == "billing" && package.classification.urgency == 3)
        #expect(package.classification.reason == "routine request")
        #expect(package.aiAttempt.answersTried == 1)
        // route_requires_review outranks low_confidence: the route, not the answer, held it.
        #expect(package.aiAttempt.failureReason == .urgencyEscalation)
        #expect(package.aiAttempt.retrievedArticles == ["Refunds, credits and receipts", "Duplicate charges"])
        #expect(package.suggestedResponse?.body.hasPrefix("1. Open Billing.") == true)
        #expect(package.summary.count == 3)
        #expect(package.summary[0] == "Customer asked: I was charged twice this month.")
        #expect(package.summary[2].contains("confidence 0.62"))
    }

    @Test(arguments: [
        (["low_confidence"], EscalationPackage.FailureReason.lowConfidence),
        (["no_knowledge"], .lowConfidence),
        (["low_confidence", "policy_flag"], .policyFlag),
        (["grounding_flag"], .policyFlag),
        (["urgency_escalation", "low_confidence"], .urgencyEscalation),
        (["low_confidence", "llm_unavailable"], .llmUnavailable),
    ])
    func mapsGateReasonsToTheContractsFailureReason(reasons: [String], expected: EscalationPackage.FailureReason) {
        let package = builder.build(Fixtures.detail(reasons: reasons), ticketsLast30Days: 1, at: now)
        #expect(package.aiAttempt.failureReason == expected)
        #expect(package.aiAttempt.reasons == reasons)
    }

    @Test func aFallbackToTheBuiltInEngineReadsAsLLMUnavailable() {
        let detail = Fixtures.detail(answeringDetails: [
            "answer_engine": "extractive", "generator_fallback": "llm failed: timeout", "reasons": "low_confidence",
        ])
        #expect(builder.build(detail, ticketsLast30Days: 1, at: now).aiAttempt.failureReason == .llmUnavailable)
    }

    @Test func humanNowTicketHasNoDraftAndSaysSo() throws {
        var detail = Fixtures.detail(
            ticket: Fixtures.ticket(status: .escalated, urgency: 5, route: .humanNow, sentiment: .urgent, risk: true),
            answeringDetails: ["decision": "skipped"])
        detail.draft = nil
        let package = builder.build(detail, ticketsLast30Days: 0, at: now)
        #expect(package.aiAttempt.answersTried == 0)
        #expect(package.aiAttempt.failureReason == .urgencyEscalation)
        #expect(package.suggestedResponse == nil)
        #expect(package.customer.ticketsLast30Days == 1, "this ticket counts")
        #expect(package.recommendedAction.hasPrefix("Answer personally now"))
        #expect(package.summary[2] == "AI did not answer: urgency escalation.")
    }

    @Test func highValueCustomerAtRiskGetsAPersonalReply() {
        var detail = Fixtures.detail(ticket: Fixtures.ticket(risk: true))
        detail.customer?.lifetimeValue = 48_000
        #expect(
            builder.build(detail, ticketsLast30Days: 4, at: now).recommendedAction.hasPrefix("Reply personally today"))
    }

    @Test func summaryQuotesTheLatestCustomerMessageOfALongConversation() {
        let detail = Fixtures.detail(messages: [
            "My invoice shows two charges for March.", "Hello?? Any update on this? I need it fixed today.",
        ])
        let summary = builder.build(detail, ticketsLast30Days: 2, at: now).summary
        #expect(summary[1] == "Latest of 2 customer messages (0 replies so far): Hello?? Any update on this?")
    }

    @Test func packageJSONUsesTheDocumentedKeys() throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let data = try encoder.encode(builder.build(Fixtures.detail(), ticketsLast30Days: 2, at: now))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(
            Set(object.keys) == [
                "version", "ticket_id", "built_at", "ticket_updated_at", "customer", "classification", "ai_attempt",
                "suggested_response", "recommended_action", "summary",
            ])
        let attempt = try #require(object["ai_attempt"] as? [String: Any])
        #expect(attempt["failure_reason"] as? String == "urgency_escalation")
        #expect((object["customer"] as? [String: Any])?["tickets_last_30_days"] as? Int == 2)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        #expect(try decoder.decode(EscalationPackage.self, from: data).aiAttempt.answersTried == 1)
    }
}
