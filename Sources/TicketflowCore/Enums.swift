/// Where a ticket came from.
public enum Channel: String, Codable, Sendable, CaseIterable {
    case email, chat, api, webhook
}

/// A ticket's place in its life cycle.
///
/// `new` → `triaged` → `auto_resolved` / `awaiting_review` / `escalated` → `resolved` / `closed`. An agent may
/// park an open ticket as `pending` (waiting on the customer) or `on_hold` (waiting on someone else); its SLA
/// clock stops there and starts again when the customer writes.
public enum TicketStatus: String, Codable, Sendable, CaseIterable {
    case new
    case triaged
    case autoResolved = "auto_resolved"
    case awaitingReview = "awaiting_review"
    case escalated
    case pending
    case onHold = "on_hold"
    case resolved
    case closed

    /// Parked by an agent: no SLA clock runs.
    public var isParked: Bool { self == .pending || self == .onHold }
}

/// Who wrote a message in a conversation.
public enum MessageAuthor: String, Codable, Sendable, CaseIterable {
    case customer, ai, agent, system
}

/// The customer's mood as triage scored it.
public enum Sentiment: String, Codable, Sendable, CaseIterable {
    case positive, neutral, negative, urgent
}

/// Who answers a ticket, as decided by the priority matrix.
public enum Route: String, Codable, Sendable, CaseIterable {
    /// A person answers now; no AI answer is sent.
    case humanNow = "human_now"
    /// The AI drafts, a person reviews before anything is sent.
    case aiDraftHumanReview = "ai_draft_human_review"
    /// The AI may answer alone when its answer passes the gate.
    case aiOnly = "ai_only"
}
