import Foundation

/// One agent action as the store writes it: the ticket's new state, the
/// messages to add, the audit event and feedback records, all in one
/// transaction and only if the ticket is still the caller's to change.
public struct AgentChange: Sendable {
    /// The ticket as it should be after the action (identifies the row by id).
    public var ticket: Ticket
    /// Email of the acting user: the write succeeds only while the ticket is
    /// unassigned or assigned to them (unless `overrideAssignee`).
    public var actor: String
    /// Admin assignment: write whoever holds the ticket now.
    public var overrideAssignee: Bool
    /// Optimistic lock: the write fails if the ticket changed after this time was read.
    public var expectedUpdatedAt: Date?
    /// Messages to append (the agent's reply).
    public var messages: [NewMessage]
    /// The review draft after the action; nil clears it.
    public var draft: AnswerDraft?
    /// The audit entry (its id is ignored).
    public var event: TicketEvent
    /// Corrections to keep for training (ids ignored).
    public var feedback: [FeedbackRecord]

    /// Creates a change.
    public init(
        ticket: Ticket, actor: String, overrideAssignee: Bool = false, expectedUpdatedAt: Date? = nil,
        messages: [NewMessage] = [], draft: AnswerDraft?, event: TicketEvent, feedback: [FeedbackRecord] = []
    ) {
        self.ticket = ticket
        self.actor = actor
        self.overrideAssignee = overrideAssignee
        self.expectedUpdatedAt = expectedUpdatedAt
        self.messages = messages
        self.draft = draft
        self.event = event
        self.feedback = feedback
    }
}

extension AgentChange {
    /// The audit actor of the writes rules make: follow-ups, assignment, releases, SLA warnings.
    public static let systemActor = "system"

    /// A write the system makes: the ticket as it should be after it, its audit event (`kind`, `details`,
    /// `at`), the draft kept. With `unchangedSince`, it applies only while the ticket still has that stamp;
    /// with `overridingAssignee`, whoever holds the ticket, otherwise only while nobody does.
    public static func bySystem(
        _ ticket: Ticket, draft: AnswerDraft?, kind: AgentActionKind, details: [String: String], at now: Date,
        unchangedSince: Date?, overridingAssignee: Bool = true
    ) -> AgentChange {
        AgentChange(
            ticket: ticket, actor: systemActor, overrideAssignee: overridingAssignee, expectedUpdatedAt: unchangedSince,
            draft: draft,
            event: TicketEvent(
                id: 0, ticketID: ticket.id, kind: kind, actor: systemActor, details: details, createdAt: now))
    }
}
