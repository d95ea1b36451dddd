import Foundation
import TicketflowCore

/// The system's own writes on open tickets: assignment by rule, and the once-per-clock SLA warning. Each is
/// an audited agent-side write by the `system`, so the audit log and the event feed show it.
extension AgentDesk {
    /// The audit actor of rule-made writes.
    public static let systemActor = "system"

    /// Gives an unassigned ticket to `email` by `rule`; refused (`conflict`) when someone took it or it
    /// changed since `seen`.
    @discardableResult
    public func autoAssign(_ seen: Ticket, to email: String, rule: String) async throws -> TicketDetail {
        guard let detail = try await store.ticketDetail(id: seen.id) else { throw StoreError.noTicket(seen.id) }
        var ticket = detail.ticket
        guard ticket.assignee == nil, ticket.updatedAt == seen.updatedAt else {
            throw StoreError.ticketChanged(seen.id)
        }
        let at = now()
        ticket.assignee = email
        ticket.updatedAt = at
        return try await store.applyAgentChange(
            AgentChange(
                ticket: ticket, actor: Self.systemActor, expectedUpdatedAt: seen.updatedAt, draft: detail.draft,
                event: TicketEvent(
                    id: 0, ticketID: seen.id, kind: .autoAssign, actor: Self.systemActor,
                    details: ["assignee": email, "rule": rule], createdAt: at)))
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
            let change = AgentChange(
                ticket: ticket, actor: Self.systemActor, overrideAssignee: true,
                expectedUpdatedAt: detail.ticket.updatedAt, draft: detail.draft,
                event: TicketEvent(
                    id: 0, ticketID: seen.id, kind: .release, actor: Self.systemActor,
                    details: ["from": email, "reason": reason], createdAt: ticket.updatedAt))
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
            AgentChange(
                ticket: detail.ticket, actor: Self.systemActor, overrideAssignee: true,
                expectedUpdatedAt: detail.ticket.updatedAt, draft: detail.draft,
                event: TicketEvent(
                    id: 0, ticketID: entry.ticket.id, kind: .slaWarning, actor: Self.systemActor,
                    details: ["clock": origin, "left": left, "priority": entry.priority.rawValue],
                    createdAt: now())))
        return true
    }
}
