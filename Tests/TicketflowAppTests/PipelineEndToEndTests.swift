import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TicketflowApp
import TicketflowCore

/// From HTTP intake to a routed, answered or escalated ticket, through the
/// real engines (starter models, BM25 over an uploaded help center).
@Suite struct PipelineEndToEndTests {
    static let helpCenter = #"""
        {"articles": [
          {"id": "duplicate-charges", "category": "billing", "body": "# Duplicate charges\n\n## How to get a duplicate charge refunded\n1. Open Settings > Billing > Invoices.\n2. Find the two invoices with the same amount and date.\n3. Click Report a problem on the newer invoice and choose Duplicate charge.\n\nRefunds for confirmed duplicate charges are issued within 5 business days."},
          {"id": "password-reset", "category": "account", "body": "# Resetting your password\n\n## Reset a forgotten password\n1. Go to the login page and click Forgot password.\n2. Enter the email address of your account.\n3. Open the reset email and click the link within 60 minutes."}
        ]}
        """#

    static func stages(_ body: [String: Any]) -> [String] {
        ((body["trace"] as? [[String: Any]]) ?? []).compactMap { $0["stage"] as? String }
    }

    static func entry(_ body: [String: Any], _ stage: String) -> [String: Any]? {
        ((body["trace"] as? [[String: Any]]) ?? []).first { $0["stage"] as? String == stage }
    }

    @Test func calmBillingQuestionIsTriagedRoutedAndAnsweredFromTheKnowledgeBase() async throws {
        try await withTestClient { client, services in
            #expect(
                try await client.post(
                    "/v1/kb/articles", Self.helpCenter, headers: try await services.bearer(.knowledge)
                ).status == .ok)
            let response = try await client.post(
                "/v1/tickets",
                #"""
                {"subject": "Duplicate charge", "body": "Hello, I see a duplicate charge on my invoices this month. How do I get the duplicate charge refunded?"}
                """#)
            #expect(response.status == .created)
            let body = try json(response)
            let ticket = try #require(body["ticket"] as? [String: Any])
            #expect(ticket["category"] as? String == "billing")
            #expect((ticket["category_confidence"] as? Double).map { $0 > 0 && $0 <= 1 } == true)
            #expect((ticket["urgency"] as? Int).map { (1...3).contains($0) } == true)
            #expect(ticket["route"] as? String == "ai_only")
            #expect(Self.stages(body) == ["triage", "sentiment", "routing", "language", "retrieve", "answering"])

            let routing = try #require(Self.entry(body, "routing")?["details"] as? [String: String])
            #expect(routing["cell"] != nil, "routing details: \(routing)")
            let retrieve = try #require(Self.entry(body, "retrieve")?["details"] as? [String: String])
            #expect(retrieve["retrieved_ids"]?.contains("duplicate-charges") == true, "\(retrieve)")

            // Either sent with a citation or held as a draft with its reasons: never an uncited send.
            let messages = try #require(body["messages"] as? [[String: Any]])
            if ticket["status"] as? String == "auto_resolved" {
                let reply = try #require(messages.last)
                #expect(reply["author"] as? String == "ai")
                #expect((reply["body"] as? String)?.contains("Is there anything else I can help you with?") == true)
                #expect(
                    (reply["citations"] as? [[String: Any]])?.first?["article_id"] as? String == "duplicate-charges")
            } else {
                #expect(ticket["status"] as? String == "awaiting_review")
                let draft = try #require(body["draft"] as? [String: Any])
                #expect((draft["reasons"] as? [String])?.isEmpty == false)
            }
        }
    }

    @Test func urgentThreateningTicketNeverGetsAnUnreviewedBotAnswer() async throws {
        try await withTestClient { client, services in
            _ = try await client.post(
                "/v1/kb/articles", Self.helpCenter, headers: try await services.bearer(.knowledge))
            let body = try json(
                try await client.post(
                    "/v1/tickets",
                    #"""
                    {"body": "I was charged twice AGAIN and nobody replied. This is fraud, I will file a chargeback and call my lawyer TODAY unless you refund me right now!!"}
                    """#))
            let ticket = try #require(body["ticket"] as? [String: Any])
            let urgency = try #require(ticket["urgency"] as? Int)
            #expect(urgency >= 4)
            #expect(ticket["escalation_risk"] as? Bool == true)
            #expect((ticket["escalation_reason"] as? String)?.contains("legal") == true)
            #expect(ticket["route"] as? String != "ai_only")
            #expect(["escalated", "awaiting_review"].contains(ticket["status"] as? String))
            let authors = ((body["messages"] as? [[String: Any]]) ?? []).compactMap { $0["author"] as? String }
            #expect(!authors.contains("ai"))
        }
    }

    @Test func classifyIsStatelessTriage() async throws {
        try await withTestClient { client, services in
            let calm = try json(
                try await client.post("/v1/classify", #"{"text": "How do I download my invoice as a PDF?"}"#))
            #expect(calm["category"] as? String == "billing")
            #expect((calm["top_categories"] as? [[String: Any]])?.isEmpty == false)
            #expect(calm["route"] as? String == "ai_only")
            #expect(calm["escalation_risk"] as? Bool == false)
            let sure = calm["model_sentiment_confidence"] as? Double
            #expect(sure.map { $0 > 0 && $0 <= 1 } == true, "\(calm)")

            let angry = try json(
                try await client.post(
                    "/v1/classify",
                    #"{"text": "Still waiting, third time I write. Fix it today or I cancel", "prior_customer_messages": 2}"#
                ))
            #expect((angry["urgency"] as? Int).map { $0 >= 4 } == true)
            #expect(
                (angry["signals"] as? [[String: Any]])?.contains { $0["signal"] as? String == "repeated_contact" }
                    == true)
            #expect(angry["route"] as? String != "ai_only")

            try expectProblem(
                try await client.post("/v1/classify", #"{"txt": "x"}"#), .unprocessableContent, "validation-failed")
            try expectProblem(
                try await client.post("/v1/classify", #"{"text": " "}"#), .unprocessableContent, "validation-failed")
            try expectProblem(
                try await client.post("/v1/classify", #"{"text": "x", "prior_customer_messages": -1}"#),
                .unprocessableContent, "validation-failed")
            #expect(try await services.store.ticketCount() == 0)
        }
    }
}
