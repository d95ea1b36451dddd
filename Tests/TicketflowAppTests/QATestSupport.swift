import Foundation
import TicketflowApp
import TicketflowCore
import TicketflowKnowledge

/// Crafted tickets for the QA runner: stored directly, so the tests do not
/// depend on what the answering engines would have said.
enum QAFixtures {
    static let refundArticle = Article(
        id: "refunds", title: "Refund policy", category: "billing",
        body: """
            # Refund policy
            Annual plans can be refunded in full within 14 days of purchase. Monthly plans are not refunded.
            1. Open Settings > Billing.
            2. Click Request refund.
            """,
        source: "test")

    static func importKnowledge(_ services: AppServices) async throws {
        _ = try await services.engines.knowledge.importArticles([refundArticle], prune: false)
    }

    /// A ticket the AI answered with `answer`, citing the refund article; the
    /// customer's message carries an email address (PII) on purpose.
    static func answeredTicket(
        _ services: AppServices, answer: String, author: MessageAuthor = .ai, status: TicketStatus = .autoResolved,
        question: String = "Can I get a refund on my monthly plan? Write to dana.owner@example.org", at: Date = Date()
    ) async throws -> Int64 {
        let ticket = Ticket(
            id: 0, channel: .email, subject: "Refund", status: status, category: "billing", sentiment: .neutral,
            route: author == .ai ? .aiOnly : .aiDraftHumanReview, createdAt: at.addingTimeInterval(-5))
        let intake = TicketIntake(
            idempotencyKey: nil, requestFingerprint: nil, customer: nil, ticket: ticket,
            messages: [
                NewMessage(author: .customer, body: question, createdAt: at.addingTimeInterval(-5)),
                NewMessage(
                    author: author, body: answer, createdAt: at,
                    citations: [Citation(articleID: "refunds", title: "Refund policy", chunkID: "refunds#0")]),
            ],
            trace: [
                TraceEntry(
                    stage: "retrieve", input: "query", output: "1 passage", engine: "bm25", engineVersion: "1",
                    createdAt: at, details: ["retrieved_ids": "refunds#0"])
            ])
        return try await services.store.createTicket(intake).detail.ticket.id
    }

    static let hallucinated = """
        Thanks for reaching out. We will refund your monthly plan in full and add a 20% discount. [Source: Refund policy]
        Is there anything else I can help you with?
        """

    static let grounded = """
        Thanks for reaching out. Annual plans can be refunded in full within 14 days of purchase. [Source: Refund policy]
        1. Open Settings > Billing.
        2. Click Request refund. [Source: Refund policy]
        Is there anything else I can help you with?
        """
}
