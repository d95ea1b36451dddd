import Foundation
import TicketflowCore

/// Builds the escalation package of a ticket from what the pipeline already
/// recorded: ticket fields, the review draft with its reasons, and the
/// `retrieve` and `answering` entries of the decision trace. Pure: the one
/// fact not on the ticket (recent ticket count) is passed in.
public struct EscalationPackageBuilder: Sendable {
    /// Writes the three-bullet summary.
    public var summarizer: ConversationSummarizer

    /// Creates a builder.
    public init(summarizer: ConversationSummarizer = ConversationSummarizer()) {
        self.summarizer = summarizer
    }

    /// The package for `detail` as of `now`; `ticketsLast30Days` counts the
    /// customer's tickets opened in the 30 days before `now` (1 when anonymous).
    public func build(_ detail: TicketDetail, ticketsLast30Days: Int, at now: Date) -> EscalationPackage {
        let ticket = detail.ticket
        let customer = EscalationPackage.CustomerInfo(
            name: detail.customer?.name, plan: detail.customer?.plan, ticketsLast30Days: max(1, ticketsLast30Days),
            lifetimeValue: detail.customer?.lifetimeValue)
        let classification = EscalationPackage.Classification(
            category: ticket.category, categoryConfidence: ticket.categoryConfidence, sentiment: ticket.sentiment,
            urgency: ticket.urgency, escalationRisk: ticket.escalationRisk, reason: ticket.escalationReason)
        let attempt = AIAttemptReader.read(detail)
        let draft = detail.draft.flatMap { $0.body.isEmpty ? nil : $0 }
        return EscalationPackage(
            ticketID: ticket.id, builtAt: now, ticketUpdatedAt: ticket.updatedAt, customer: customer,
            classification: classification, aiAttempt: attempt, suggestedResponse: draft,
            recommendedAction: RecommendedAction.recommend(
                ticket: ticket, customer: customer, attempt: attempt, hasDraft: draft != nil),
            summary: summarizer.summarize(detail, attempt: attempt))
    }

    /// The window `ticketsLast30Days` counts over.
    public static func recentWindowStart(before now: Date) -> Date {
        now.addingTimeInterval(-30 * 24 * 3600)
    }
}
