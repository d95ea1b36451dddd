import Foundation
import TicketflowCore

/// A TicketStore that stores the escalation package whenever intake or a
/// customer reply leaves a ticket escalated or awaiting review, so the
/// package exists from the moment a person is needed.
///
/// Packaging is a step after the commit, awaited before the call returns:
/// the ticket is committed first (a packaging failure never loses it or turns
/// an accepted intake into an error), then the package is built and saved.
/// When the call returns the package is there, so shutdown waits for it like
/// any request and tests need not poll. A failure is handed to `failed` (the
/// composition root logs it); the desk rebuilds a missing or stale package on
/// first read, so nothing is lost either way.
public struct EscalationPackagingStore: TicketStore {
    /// The real store.
    public let base: any TicketStore & AgentStore
    /// Builds and saves packages.
    public let desk: AgentDesk
    /// Told about a package that could not be built or saved.
    public let failed: @Sendable (_ ticketID: Int64, _ error: any Error) -> Void

    /// Wraps `base`; packages are built by `desk`, failures reported to `failed`.
    public init(
        base: any TicketStore & AgentStore, desk: AgentDesk,
        failed: @escaping @Sendable (_ ticketID: Int64, _ error: any Error) -> Void = { _, _ in }
    ) {
        self.base = base
        self.desk = desk
        self.failed = failed
    }

    /// Stores the ticket, then its package when a person is needed.
    public func createTicket(_ intake: TicketIntake) async throws -> IntakeResult {
        let result = try await base.createTicket(intake)
        if result.created { await package(result.detail) }
        return result
    }

    /// Appends to the ticket, then refreshes its package when a person is needed.
    public func appendToTicket(_ update: TicketUpdate) async throws -> TicketDetail {
        let detail = try await base.appendToTicket(update)
        await package(detail)
        return detail
    }

    /// Reads through to the base store.
    public func ticketDetail(id: Int64) async throws -> TicketDetail? { try await base.ticketDetail(id: id) }

    /// Reads through to the base store.
    public func listTickets(_ query: TicketQuery) async throws -> TicketPage { try await base.listTickets(query) }

    /// Reads through to the base store.
    public func ticketCount() async throws -> Int { try await base.ticketCount() }

    /// The post-commit step: builds and saves the package of a ticket that
    /// waits for a person. It does not throw, because the ticket it is about
    /// is already committed and the caller must hear so.
    private func package(_ detail: TicketDetail) async {
        guard ReviewQueueQuery.openStatuses.contains(detail.ticket.status) else { return }
        do {
            try await desk.refreshPackage(detail)
        } catch {
            failed(detail.ticket.id, error)
        }
    }
}
