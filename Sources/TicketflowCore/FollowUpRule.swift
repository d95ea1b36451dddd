import Foundation

/// When a customer's message reopens their ticket and when it starts a new one. Within the window after a
/// ticket was resolved or closed, a reply reopens it (the pipeline runs again over the whole conversation);
/// later, the reply opens a follow-up ticket and the old one points at it (`Ticket.continuedIn`), so a
/// months-old conversation is not dragged back with its stale triage and the reports stay honest.
public struct FollowUpRule: Sendable {
    /// Default reopen window, in days.
    public static let defaultDays = 7
    /// How long after resolution a customer's reply still reopens the ticket.
    public var window: TimeInterval
    /// Marks the old ticket as continued, with an audit event (an agent-side write).
    public var store: any AgentStore

    public init(days: Int = FollowUpRule.defaultDays, store: any AgentStore) {
        self.window = TimeInterval(days) * 86_400
        self.store = store
    }

    /// Whether a customer message to `ticket` at `now` opens a follow-up instead of reopening it.
    public func opensFollowUp(_ ticket: Ticket, at now: Date) -> Bool {
        guard [.resolved, .closed, .autoResolved].contains(ticket.status) else { return false }
        return now.timeIntervalSince(ticket.resolvedAt ?? ticket.updatedAt) > window
    }

    /// The write that points the old ticket at its follow-up, for the audit log and for later messages.
    func continuation(of old: TicketDetail, in followUp: Int64, at now: Date) -> AgentChange {
        var ticket = old.ticket
        ticket.continuedIn = followUp
        ticket.updatedAt = now
        let days = Int(window / 86_400)
        return .bySystem(
            ticket, draft: old.draft, kind: .continued,
            details: [
                "ticket": String(followUp), "reason": "the customer wrote more than \(days) days after it was resolved",
            ],
            at: now, unchangedSince: nil)
    }

    /// The trace line that tells the follow-up where it came from.
    static func origin(of old: Ticket, at now: Date) -> TraceEntry {
        TraceEntry(
            stage: "follow_up", input: "ticket \(old.id)",
            output: "follow-up to ticket #\(old.id) (\(old.status.rawValue)), reopen window passed",
            engine: "rules", engineVersion: "1", createdAt: now, details: ["previous_ticket": String(old.id)])
    }
}
