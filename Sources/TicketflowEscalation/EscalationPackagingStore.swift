import Foundation
import TicketflowCore

/// A TicketStore that hands the escalation package of every ticket that
/// intake or a customer reply leaves escalated or awaiting review to the
/// `EscalationPackager`, after the commit: the ticket is committed first (a
/// packaging failure never loses it or turns an accepted intake into an
/// error), and the answer does not wait for the package's own write.
public struct EscalationPackagingStore: TicketStore {
    /// The real store.
    public let base: any TicketStore & AgentStore
    /// Builds and saves packages beside the server.
    public let packager: EscalationPackager

    /// Wraps `base`; packages go to `packager`.
    public init(base: any TicketStore & AgentStore, packager: EscalationPackager) {
        self.base = base
        self.packager = packager
    }

    /// Stores the ticket, then queues its package when a person is needed.
    public func createTicket(_ intake: TicketIntake) async throws -> IntakeResult {
        let result = try await base.createTicket(intake)
        if result.created { packager.submit(result.detail) }
        return result
    }

    /// Appends to the ticket, then queues a fresh package when a person is needed.
    public func appendToTicket(_ update: TicketUpdate) async throws -> TicketDetail {
        let detail = try await base.appendToTicket(update)
        packager.submit(detail)
        return detail
    }

    /// Reads through to the base store.
    public func ticketDetail(id: Int64) async throws -> TicketDetail? { try await base.ticketDetail(id: id) }

    /// Reads through to the base store.
    public func listTickets(_ query: TicketQuery) async throws -> TicketPage { try await base.listTickets(query) }

    /// Reads through to the base store.
    public func ticketCount() async throws -> Int { try await base.ticketCount() }
}
