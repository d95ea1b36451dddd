import Foundation
import TicketflowCore

/// How fast each kind of open ticket must be answered. Priority comes from
/// triage (urgency, route, sentiment, risk); the SLA clock starts when the
/// ticket was opened and, with business hours, counts working time only.
public struct SLAPolicy: Sendable, Equatable {
    /// Queue priority, most urgent first.
    public enum Priority: String, Sendable, Codable, CaseIterable, Comparable {
        case p1, p2, p3

        /// p1 sorts before p2 before p3.
        public static func < (lhs: Priority, rhs: Priority) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// Seconds to first answer, by priority.
    public var targets: [Priority: Double]

    /// When the clock runs; nil runs it around the clock.
    public var businessHours: BusinessHours?

    /// The default targets: p1 within 1 hour, p2 within 4 hours, p3 within 24 hours.
    public static let defaultTargets: [Priority: Double] = [.p1: 3600, .p2: 4 * 3600, .p3: 24 * 3600]

    public init(targets: [Priority: Double] = defaultTargets, businessHours: BusinessHours? = nil) {
        self.targets = targets
        self.businessHours = businessHours
    }

    /// p1: urgency 5 or routed to a person now; p2: urgency 4, negative or
    /// urgent sentiment, or escalation risk; p3: everything else.
    public func priority(of ticket: Ticket) -> Priority {
        if (ticket.urgency ?? 0) >= 5 || ticket.route == .humanNow { return .p1 }
        if (ticket.urgency ?? 0) == 4 || ticket.escalationRisk || [.negative, .urgent].contains(ticket.sentiment) {
            return .p2
        }
        return .p3
    }

    /// When the ticket's answer is due.
    public func dueAt(_ ticket: Ticket) -> Date {
        let target = targets[priority(of: ticket)] ?? 24 * 3600
        return businessHours?.adding(target, to: ticket.slaOrigin) ?? ticket.slaOrigin.addingTimeInterval(target)
    }

    /// The queue entry of a ticket at `now`.
    public func entry(for ticket: Ticket, at now: Date) -> ReviewQueueEntry {
        let due = dueAt(ticket)
        return ReviewQueueEntry(
            ticket: ticket, priority: priority(of: ticket), dueAt: due,
            waitingSeconds: max(0, now.timeIntervalSince(ticket.slaOrigin)),
            remainingSeconds: due.timeIntervalSince(now))
    }

    /// Share of its target left at which an open ticket counts as at risk (breached ones included): the
    /// inbox's "SLA at risk" view and the `ticket.sla_at_risk` notification use the same line.
    public static let atRiskShare = 0.25

    /// Whether the entry's clock has less than `atRiskShare` of its target left.
    public func isAtRisk(_ entry: ReviewQueueEntry) -> Bool {
        let target = entry.dueAt.timeIntervalSince(entry.ticket.slaOrigin)
        return entry.remainingSeconds < target * Self.atRiskShare
    }

    /// Open tickets in the order a person should take them: the SLA clock
    /// first (earliest due, so breached tickets lead), then priority, then
    /// the longest wait.
    public func order(_ tickets: [Ticket], at now: Date) -> [ReviewQueueEntry] {
        tickets.map { entry(for: $0, at: now) }.sorted { a, b in
            if a.dueAt != b.dueAt { return a.dueAt < b.dueAt }
            if a.priority != b.priority { return a.priority < b.priority }
            if a.ticket.createdAt != b.ticket.createdAt { return a.ticket.createdAt < b.ticket.createdAt }
            return a.ticket.id < b.ticket.id
        }
    }
}

/// One line of the review queue: the ticket and its SLA clock.
public struct ReviewQueueEntry: Sendable, Equatable, Codable {
    /// The open ticket.
    public var ticket: Ticket
    /// Its priority.
    public var priority: SLAPolicy.Priority
    /// When its answer is due.
    public var dueAt: Date
    /// Seconds since it was opened.
    public var waitingSeconds: Double
    /// Seconds until it is due; negative once breached.
    public var remainingSeconds: Double

    /// True once the SLA is missed.
    public var breached: Bool { remainingSeconds < 0 }

    /// Creates an entry.
    public init(
        ticket: Ticket, priority: SLAPolicy.Priority, dueAt: Date, waitingSeconds: Double, remainingSeconds: Double
    ) {
        self.ticket = ticket
        self.priority = priority
        self.dueAt = dueAt
        self.waitingSeconds = waitingSeconds
        self.remainingSeconds = remainingSeconds
    }

    enum CodingKeys: String, CodingKey {
        case ticket, priority, breached
        case dueAt = "due_at"
        case waitingSeconds = "waiting_seconds"
        case remainingSeconds = "remaining_seconds"
    }

    /// Encodes the entry with its derived `breached` flag.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(ticket, forKey: .ticket)
        try container.encode(priority, forKey: .priority)
        try container.encode(dueAt, forKey: .dueAt)
        try container.encode(waitingSeconds, forKey: .waitingSeconds)
        try container.encode(remainingSeconds, forKey: .remainingSeconds)
        try container.encode(breached, forKey: .breached)
    }

    /// Decodes an entry (the `breached` flag is derived, not read).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        ticket = try container.decode(Ticket.self, forKey: .ticket)
        priority = try container.decode(SLAPolicy.Priority.self, forKey: .priority)
        dueAt = try container.decode(Date.self, forKey: .dueAt)
        waitingSeconds = try container.decode(Double.self, forKey: .waitingSeconds)
        remainingSeconds = try container.decode(Double.self, forKey: .remainingSeconds)
    }
}
