import Foundation
import TicketflowCore

/// Tickets as the pipeline leaves them, for the pure escalation tests.
enum Fixtures {
    static let opened = Date(timeIntervalSince1970: 1_800_000_000)

    static func ticket(
        id: Int64 = 7, status: TicketStatus = .awaitingReview, urgency: Int = 3, route: Route = .aiDraftHumanReview,
        sentiment: Sentiment = .neutral, risk: Bool = false, assignee: String? = nil, createdAt: Date = opened
    ) -> Ticket {
        Ticket(
            id: id, customerID: 3, channel: .email, subject: "Charged twice", status: status, category: "billing",
            categoryConfidence: 0.91, sentiment: sentiment, urgency: urgency, escalationRisk: risk,
            escalationReason: risk ? "threatens to cancel" : "routine request", route: route, assignee: assignee,
            createdAt: createdAt)
    }

    static func detail(
        ticket: Ticket = ticket(), reasons: [String] = ["route_requires_review", "low_confidence"],
        draftBody: String = "1. Open Billing.\n2. Click Refund. Is there anything else I can help you with?",
        answeringDetails: [String: String]? = nil,
        messages: [String] = ["I was charged twice this month. Please refund one."]
    ) -> TicketDetail {
        let retrieve = TraceEntry(
            stage: "retrieve", input: "q", output: "2 passages", engine: "bm25", engineVersion: "1", createdAt: opened,
            details: [
                "retrieved_ids": "refunds#1,billing#2",
                "retrieved_titles": "Refunds, credits and receipts\nDuplicate charges",
            ])
        let answering = TraceEntry(
            stage: "answering", input: "2 passages", output: "held for review", score: 0.62, engine: "extractive",
            engineVersion: "1", createdAt: opened,
            details: answeringDetails ?? [
                "answer_engine": "extractive", "decision": "hold_for_review", "reasons": reasons.joined(separator: ","),
            ])
        return TicketDetail(
            ticket: ticket, customer: Customer(id: 3, name: "Dana Whitfield", plan: "pro", lifetimeValue: 1240),
            messages: messages.enumerated().map { index, body in
                Message(
                    id: Int64(index + 1), ticketID: ticket.id, author: .customer, body: body,
                    createdAt: opened.addingTimeInterval(Double(index) * 60))
            },
            draft: AnswerDraft(
                body: draftBody, citations: [Citation(articleID: "refunds", title: "Refunds, credits and receipts")],
                confidence: 0.62, reasons: reasons),
            trace: [retrieve, answering])
    }
}
