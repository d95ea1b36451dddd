import TicketflowCore

/// The one next step the escalation package recommends, from the labels and
/// the AI's failure reason. Rules, in order; the first that fits wins.
public enum RecommendedAction {
    /// Customers at least this valuable get a personal reply when at risk.
    public static let highValue = 10_000.0

    /// One sentence telling the agent what to do next.
    public static func recommend(
        ticket: Ticket, customer: EscalationPackage.CustomerInfo, attempt: EscalationPackage.AIAttempt, hasDraft: Bool
    ) -> String {
        let urgency = ticket.urgency ?? 0
        if ticket.escalationRisk && (customer.lifetimeValue ?? 0) >= highValue {
            return "Reply personally today: a high-value customer is at risk; acknowledge the problem and offer a call."
        }
        if ticket.escalationRisk || urgency >= 5 {
            return hasDraft
                ? "Answer now: check the AI draft, make it personal and send it; consider escalating to a lead."
                : "Answer personally now: urgency \(urgency) and escalation risk; acknowledge the problem and give a time frame."
        }
        switch attempt.failureReason {
        case .policyFlag:
            return
                "Check the draft's promises (refunds, prices, policies) against the knowledge base; edit what it does not state before sending."
        case .llmUnavailable:
            return
                "Review the built-in draft carefully: the LLM was unavailable, so the answer was composed without it."
        case .urgencyEscalation where hasDraft:
            return "Verify the AI draft and send it quickly: the customer is waiting on an urgent issue."
        case .lowConfidence where hasDraft:
            return "Review and edit the AI draft: it may not answer the whole question."
        default:
            break
        }
        if !hasDraft {
            return attempt.retrievedArticles.isEmpty
                ? "Write the reply yourself: no knowledge-base article matched (consider adding one)."
                : "Write the reply yourself, starting from the retrieved articles."
        }
        return "Review the AI draft and send it, or edit it first."
    }
}
