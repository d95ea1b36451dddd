import Foundation
import TicketflowCore

/// A TicketStore that stores the escalation package whenever intake or a
/// customer reply leaves a ticket escalated or awaiting review, so the
/// package exists from the moment a person is needed. The ticket is already
/// committed when the package is built, and the package is built and saved
/// after the intake response instead of before it: it costs a read and a
/// write, which halved intake throughput when awaited. Nothing is lost if
/// it fails or the process stops first: the desk rebuilds a missing or
/// stale package on first read.
public struct EscalationPackagingStore: TicketStore {
    /// The real store.
    public let base: any TicketStore & AgentStore
    /// Builds and saves packages.
    public let desk: AgentDesk

    /// Wraps `base`; packages are built by `desk`.
    public init(base: any TicketStore & AgentStore, desk: AgentDesk) {
        self.base = base
        self.desk = desk
    }

    /// Stores the ticket, then its package when a person is needed.
    public func createTicket(_ intake: TicketIntake) async throws -> IntakeResult {
        let result = try await base.createTicket(intake)
        if result.created { packageLater(result.detail) }
        return result
    }

    /// Appends to the ticket, then refreshes its package when a person is needed.
    public func appendToTicket(_ update: TicketUpdate) async throws -> TicketDetail {
        let detail = try await base.appendToTicket(update)
        packageLater(detail)
        return detail
    }

    /// Reads through to the base store.
    public func ticketDetail(id: Int64) async throws -> TicketDetail? { try await base.ticketDetail(id: id) }

    /// Reads through to the base store.
    public func listTickets(_ query: TicketQuery) async throws -> TicketPage { try await base.listTickets(query) }

    /// Reads through to the base store.
    public func ticketCount() async throws -> Int { try await base.ticketCount() }

    private func packageLater(_ detail: TicketDetail) {
        guard ReviewQueueQuery.openStatuses.contains(detail.ticket.status) else { return }
        let desk = self.desk
        Task { _ = try? await desk.refreshPackage(detail) }
    }
}
