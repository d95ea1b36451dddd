import TicketflowCore

/// Reads what the AI tried from a ticket's decision trace and draft: how
/// many answers it composed, why it handed over, and what it retrieved.
enum AIAttemptReader {
    /// Gate reasons that mean an answer made a claim the knowledge base does not back.
    static let policyReasons: Set<String> = ["policy_flag", "grounding_flag", "citation_flag", "injection_suspected"]
    /// Gate reasons that mean the ticket is too urgent or sensitive for an unreviewed answer.
    static let urgencyReasons: Set<String> = ["urgency_escalation", "human_now", "route_requires_review"]
    /// Gate reasons that mean the AI was not sure enough (or had nothing to go on).
    static let confidenceReasons: Set<String> = ["low_confidence", "no_knowledge", "no_route"]

    static func read(_ detail: TicketDetail) -> EscalationPackage.AIAttempt {
        let answering = detail.trace.filter { $0.stage == "answering" }
        // `answer_engine` is only written when a candidate answer was composed and judged.
        let tried = answering.filter { $0.details["answer_engine"] != nil }.count
        let latest = answering.last
        var reasons = detail.draft?.reasons ?? []
        if reasons.isEmpty, let raw = latest?.details["reasons"], !raw.isEmpty {
            reasons = raw.split(separator: ",").map(String.init)
        }
        let llmDown =
            reasons.contains("llm_unavailable")
            || latest?.details["generator_fallback"] != nil || latest?.details["judge_fallback"] != nil
            || latest?.status == .failed
        var failure: EscalationPackage.FailureReason?
        if llmDown {
            failure = .llmUnavailable
        } else if reasons.contains(where: policyReasons.contains) {
            failure = .policyFlag
        } else if reasons.contains(where: urgencyReasons.contains) || latest?.details["decision"] == "skipped"
            || (latest == nil && detail.ticket.route == .humanNow)
        {
            failure = .urgencyEscalation
        } else if reasons.contains(where: confidenceReasons.contains) {
            failure = .lowConfidence
        }
        return EscalationPackage.AIAttempt(
            answersTried: tried, failureReason: failure, reasons: reasons,
            confidence: detail.draft.map(\.confidence) ?? latest?.score,
            retrievedArticles: retrievedTitles(detail),
            // Read only when that answer was held: a sent one replaced the preview with itself.
            customerPreview: detail.ticket.status == .autoResolved ? nil : latest?.details["customer_preview"])
    }

    /// Titles from the latest retrieval trace, or the draft's citations for
    /// tickets traced before titles were recorded.
    static func retrievedTitles(_ detail: TicketDetail) -> [String] {
        if let raw = detail.trace.last(where: { $0.stage == "retrieve" })?.details["retrieved_titles"] {
            return raw.split(separator: "\n").map(String.init)
        }
        var seen = Set<String>()
        return (detail.draft?.citations ?? []).map(\.title).filter { seen.insert($0).inserted }
    }
}
