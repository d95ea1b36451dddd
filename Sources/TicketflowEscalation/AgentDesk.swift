import Foundation
import TicketflowCore

/// The agent use cases: the review queue, escalation packages and every
/// agent action. HTTP and the console both go through here, so an action is
/// checked, recorded and written the same way whichever page it came from.
public struct AgentDesk: Sendable {
    /// Tickets plus the agent tables.
    public let store: any TicketStore & AgentStore
    /// Queue priorities and SLA targets.
    public var sla: SLAPolicy
    /// Builds packages.
    public var builder: EscalationPackageBuilder
    /// Plans actions.
    public var planner: AgentActionPlanner
    /// Clock; tests fix it.
    public var now: @Sendable () -> Date
    /// Which agent replies are sent to the customer, and how.
    public var outbox: OutboxPolicy
    /// Retrieval and answering, for a draft an agent asks for (`redraft`); nil refuses such requests.
    public var drafting: Pipeline?

    /// Creates the desk over a store.
    public init(
        store: any TicketStore & AgentStore, sla: SLAPolicy = SLAPolicy(),
        builder: EscalationPackageBuilder = EscalationPackageBuilder(), now: @escaping @Sendable () -> Date = Date.init,
        outbox: OutboxPolicy = OutboxPolicy()
    ) {
        self.store = store
        self.sla = sla
        self.builder = builder
        self.planner = AgentActionPlanner()
        self.now = now
        self.outbox = outbox
    }

    /// Open tickets in SLA order.
    public func queue(_ query: ReviewQueueQuery) async throws -> [ReviewQueueEntry] {
        sla.order(try await store.reviewQueue(query), at: now())
    }

    /// Performs `action` on a ticket for `actor`; refused with `forbidden`
    /// when the role does not allow it, with `conflict` when someone else
    /// holds the ticket or it changed meanwhile.
    public func perform(_ action: AgentAction, on ticketID: Int64, by actor: AgentActor) async throws -> TicketDetail {
        var action = action
        if case .note(let text, _) = action {
            action = .note(text: text, mentions: Self.mentions(in: text, among: try await store.users()))
        }
        guard actor.role.satisfies(action.requiredRole) else {
            throw AgentDeskError.forbidden("\(action.kind.rawValue) needs the \(action.requiredRole.rawValue) role")
        }
        guard let detail = try await store.ticketDetail(id: ticketID) else {
            throw StoreError(.notFound, "no ticket \(ticketID)")
        }
        if case .editAndSend(let body) = action, let unfilled = ReplyMacro.unfilled(in: body).first {
            throw ValidationError(field: "body", "fill in {{\(unfilled)}} before sending")
        }
        if case .assign(let email) = action, try await store.user(address: email) == nil {
            throw ValidationError(field: "assignee", "no user with email \(email.lowercased())")
        }
        if case .escalate(_, let to?) = action, !to.isEmpty, try await store.user(address: to) == nil {
            throw ValidationError(field: "assignee", "no user with email \(to.lowercased())")
        }
        var change = try planner.plan(action, on: detail, by: actor, at: now())
        change.messages = outbox.addressing(
            change.messages, ticket: change.ticket, customerEmail: detail.customer?.email)
        return try await store.applyAgentChange(change)
    }

    /// The ticket's escalation package: the stored one while it matches the
    /// ticket, otherwise rebuilt and stored, so after a reply it says there
    /// was one. Tickets that never needed a person have none (`not_found`).
    public func package(for ticketID: Int64) async throws -> EscalationPackage {
        guard let detail = try await store.ticketDetail(id: ticketID) else {
            throw StoreError(.notFound, "no ticket \(ticketID)")
        }
        let stored = try await store.escalationPackage(ticketID: ticketID)
        if let stored, stored.ticketUpdatedAt == detail.ticket.updatedAt { return stored }
        guard stored != nil || ReviewQueueQuery.openStatuses.contains(detail.ticket.status) else {
            throw Refusal(.notFound, "ticket \(ticketID) is not escalated or awaiting review")
        }
        return try await refreshPackage(detail)
    }

    /// Builds and stores the package for a ticket as it is now.
    @discardableResult
    public func refreshPackage(_ detail: TicketDetail) async throws -> EscalationPackage {
        let at = now()
        var recent = 1
        if let customerID = detail.ticket.customerID {
            recent = try await store.customerTicketCount(
                customerID: customerID, since: EscalationPackageBuilder.recentWindowStart(before: at))
        }
        let package = builder.build(detail, ticketsLast30Days: recent, at: at)
        try await store.saveEscalationPackage(package)
        return package
    }

    /// The audit log of a ticket.
    public func events(ticketID: Int64) async throws -> [TicketEvent] {
        try await store.ticketEvents(ticketID: ticketID)
    }
}

/// A desk refusal that is not a storage problem.
public enum AgentDeskError: Error, Sendable, Equatable {
    /// The caller's role does not allow the action.
    case forbidden(String)
}
