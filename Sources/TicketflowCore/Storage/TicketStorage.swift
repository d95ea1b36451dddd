import Foundation

/// The narrow primitives under `TicketStore`, one transaction or query per
/// dialect each. A store that provides them gets `createTicket` and
/// `listTickets` from the extension below, so the idempotency rule
/// (`IntakeReplay`) and keyset paging (`PageRequest`) are written once.
public protocol TicketStorage: TicketStore {
    /// In one transaction: the ticket an earlier delivery stored under the
    /// intake's idempotency key or, failing that, its external id; otherwise
    /// the intake stored as a new ticket.
    func insertTicket(_ intake: TicketIntake) async throws -> TicketInsertion

    /// Up to `limit` tickets matching the query's filters with an id below
    /// `query.before` (when set), newest first; `query.limit` is ignored.
    func tickets(matching query: TicketQuery, limit: Int) async throws -> [Ticket]
}

extension TicketStorage {
    public func createTicket(_ intake: TicketIntake) async throws -> IntakeResult {
        try IntakeReplay.result(of: try await insertTicket(intake), for: intake)
    }

    public func listTickets(_ query: TicketQuery) async throws -> TicketPage {
        let request = PageRequest(limit: query.limit, maximum: TicketQuery.maximumLimit)
        let (tickets, next) = request.page(of: try await tickets(matching: query, limit: request.fetchLimit)) { $0.id }
        return TicketPage(tickets: tickets, nextBefore: next)
    }
}
