import Foundation
import TicketflowCore

/// The system's own writes on open tickets: assignment by rule, releases, and the once-per-clock SLA warning. Each is
/// an audited agent-side write by the `system`, so the audit log and the event feed show it.
extension AgentDesk {
    /// Gives an unassigned ticket to `email` by `rule`; refused (`conflict`) by the conditional write when
    /// someone took it or it changed since `seen`.
    @discardableResult
    public func autoAssign(_ seen: Ticket, to email: String, rule: String) async throws -> TicketDetail {
        guard let detail = try await store.ticketDetail(id: seen.id) else { throw StoreError.noTicket(seen.id) }
        var ticket = detail.ticket
        let at = now()
        ticket.assignee = email
        ticket.updatedAt = at
        return try await store.applyAgentChange(
            .bySystem(
                ticket, draft: detail.draft, kind: .autoAssign, details: ["assignee": email, "rule": rule], at: at,
                unchangedSince: seen.updatedAt, overridingAssignee: false))
    }

    /// The statuses in which a ticket waits on the person holding it.
    public static let heldStatuses: [TicketStatus] = [.awaitingReview, .escalated, .pending, .onHold]

    /// Gives back to the queue each of `tickets` that `email` still holds unfinished (someone deactivated):
    /// a `release` by the system, with the reason. Returns how many were released; a ticket that changed
    /// meanwhile is left as it is.
    public func releaseTickets(_ tickets: [Ticket], heldBy email: String, reason: String) async -> Int {
        var released = 0
        for seen in tickets where seen.assignee == email && Self.heldStatuses.contains(seen.status) {
            guard let detail = try? await store.ticketDetail(id: seen.id) else { continue }
            var ticket = detail.ticket
            ticket.assignee = nil
            ticket.updatedAt = now()
            let change = AgentChange.bySystem(
                ticket, draft: detail.draft, kind: .release, details: ["from": email, "reason": reason],
                at: ticket.updatedAt, unchangedSince: detail.ticket.updatedAt)
            if (try? await store.applyAgentChange(change)) != nil { released += 1 }
        }
        return released
    }

    /// Records that an open ticket's SLA clock is close to its target, unless this clock was already
    /// warned about (the audit log is the memory, so a restart or a second node does not warn again).
    /// Returns whether it warned. The ticket itself is left as it is.
    @discardableResult
    public func warnSLA(_ entry: ReviewQueueEntry) async throws -> Bool {
        let origin = String(entry.ticket.slaOrigin.timeIntervalSince1970)
        let warned = try await store.ticketEvents(ticketID: entry.ticket.id).contains {
            $0.kind == .slaWarning && $0.details["clock"] == origin
        }
        guard !warned, let detail = try await store.ticketDetail(id: entry.ticket.id) else { return false }
        let minutes = max(0, Int((entry.remainingSeconds / 60).rounded(.down)))
        let left = entry.remainingSeconds <= 0 ? "SLA target passed" : "SLA target due in \(minutes) min"
        _ = try await store.applyAgentChange(
            .bySystem(
                detail.ticket, draft: detail.draft, kind: .slaWarning,
                details: ["clock": origin, "left": left, "priority": entry.priority.rawValue], at: now(),
                unchangedSince: detail.ticket.updatedAt))
        return true
    }
}
