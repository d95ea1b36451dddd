import Foundation

/// What an agent (or admin) did to a ticket.
public enum AgentActionKind: String, Codable, Sendable, CaseIterable {
    case claim, release, assign
    /// Sent the AI draft unchanged.
    case sendDraft = "send_draft"
    /// Edited the draft (or wrote a reply) and sent it.
    case editAndSend = "edit_and_send"
    case relabel, escalate, close
    /// Gave the conversation back to the AI pipeline.
    case handBack = "hand_back"
    /// Wrote an internal note: for the team, never sent to the customer.
    case note
    /// Parked the ticket: waiting on the customer (`pending`) or on someone else (`hold`).
    case pending, hold
    /// Added or removed tags.
    case tag
    /// Merged the ticket into another as a duplicate (`into`).
    case merge
    /// Asked for a fresh AI draft of the answer (`engine`, `confidence`, hold `reasons`); nothing was sent.
    case redraft
    /// The customer wrote again after the reopen window; the conversation continues in a new ticket
    /// (`ticket`). Recorded by the system.
    case continued
    /// Assignment rules gave the ticket to someone (`assignee`, `rule`). Recorded by the system.
    case autoAssign = "auto_assign"
    /// The ticket's SLA clock came close to its target (`left`); announced once per clock. Recorded by the system.
    case slaWarning = "sla_warning"
}

/// One recorded action: who did what to which ticket, and when. The audit
/// log of the console; nothing an agent does is unrecorded.
public struct TicketEvent: Codable, Sendable, Equatable {
    /// Store-assigned id, increasing in write order.
    public var id: Int64
    /// The ticket acted on.
    public var ticketID: Int64
    /// What was done.
    public var kind: AgentActionKind
    /// Email of the user (or name of the token) that did it.
    public var actor: String
    /// Action-specific facts (new category, tags, escalation note...).
    public var details: [String: String]
    /// When it was done.
    public var createdAt: Date

    /// Creates an event value.
    public init(
        id: Int64, ticketID: Int64, kind: AgentActionKind, actor: String, details: [String: String] = [:],
        createdAt: Date
    ) {
        self.id = id
        self.ticketID = ticketID
        self.kind = kind
        self.actor = actor
        self.details = details
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case id, kind, actor, details
        case ticketID = "ticket_id"
        case createdAt = "created_at"
    }
}

extension TicketEvent {
    /// The emails a note mentions (its `mentions` detail); empty for other events.
    public var mentions: [String] {
        guard kind == .note else { return [] }
        return (details["mentions"] ?? "").split(separator: ",").map(String.init)
    }
}
