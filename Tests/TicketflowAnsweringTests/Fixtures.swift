import Foundation
import TicketflowCore

@testable import TicketflowAnswering

/// A small help center written for these tests.
enum Fixtures {
    static let cancelOrder = RetrievedPassage(
        articleID: "kb-cancel", chunkID: "kb-cancel#1", title: "Cancel an order",
        text: """
            You can cancel an order until it ships. To cancel an order, follow these steps:
            1. Sign in to your account.
            2. Open Order History.
            3. Select the order and click Cancel Order.
            Cancelled orders are refunded to the original payment method within 5 business days.
            Do you have more questions?
            """,
        category: "orders", score: 0.93, signals: ["bm25"])

    static let refundPolicy = RetrievedPassage(
        articleID: "kb-refunds", chunkID: "kb-refunds#1", title: "Refund policy",
        text: """
            Refunds for cancelled orders are issued to the original payment method. \
            A refund appears on your statement within 5 business days after the cancellation. \
            Gift cards are not refundable.
            """,
        category: "billing", score: 0.88, signals: ["bm25", "dense"])

    static let shipping = RetrievedPassage(
        articleID: "kb-shipping", chunkID: "kb-shipping#2", title: "Shipping times",
        text: "Standard shipping takes 3 to 5 business days. Express shipping costs $9.99 and arrives the next day.",
        category: "orders", score: 0.60, signals: ["bm25"])

    static let invoices = RetrievedPassage(
        articleID: "kb-invoices", chunkID: "kb-invoices#1", title: "Download invoices",
        text: """
            Invoices are available in the Billing section of your account. \
            Each invoice lists the amount charged and the payment date.
            """,
        category: "billing", score: 0.91, signals: ["bm25"])

    static func request(
        _ question: String, passages: [RetrievedPassage], category: String? = "orders",
        confidence: Double? = 0.95, sentiment: Sentiment? = .neutral, urgency: Int? = 2, route: Route? = .aiOnly
    ) -> AnswerRequest {
        AnswerRequest(
            ticketID: 1, question: question, category: category, categoryConfidence: confidence,
            sentiment: sentiment, urgency: urgency, route: route, passages: passages)
    }

    static func context(
        _ body: String, subject: String = "", passages: [RetrievedPassage], route: Route? = .aiOnly,
        urgency: Int? = 2, sentiment: Sentiment? = .neutral, category: String? = "orders", confidence: Double? = 0.95
    ) -> TicketContext {
        let created = Date(timeIntervalSince1970: 1_700_000_000)
        let ticket = Ticket(
            id: 7, channel: .email, subject: subject, status: .triaged, category: category,
            categoryConfidence: confidence, sentiment: sentiment, urgency: urgency, route: route, createdAt: created)
        var context = TicketContext(
            ticket: ticket, customer: nil, history: [],
            incoming: NewMessage(author: .customer, body: body, createdAt: created))
        context.retrieved = passages
        return context
    }

    /// Every sentence of a body that is not a template line must occur in one of the passages.
    static func sentencesOutsideExcerpts(_ body: String, passages: [RetrievedPassage]) -> [String] {
        let document = AnswerDocument(body: body)
        let excerpts = passages.map { CitationVerifier.normalised($0.text) }
        return document.sentences.map(\.text).filter { sentence in
            if AnswerTemplates.all.contains(sentence) { return false }
            let needle = CitationVerifier.normalised(sentence)
            return !excerpts.contains { $0.contains(needle) }
        }
    }
}
