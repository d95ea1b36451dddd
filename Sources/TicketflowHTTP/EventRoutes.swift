import Foundation
import Hummingbird
import TicketflowCore

/// `GET /v1/events?after=CURSOR&limit=N`: the incremental feed of what
/// happened to tickets, oldest first, for integrations that poll instead of
/// (or besides) receiving webhooks. Events tell what tickets hold, so reading
/// them needs an agent or admin, like reading tickets.
struct EventRoutes: Sendable {
    let store: any IntegrationEventStore

    func register(on router: Router<TicketflowRequestContext>) {
        router.group("v1/events").add(middleware: RoleGate([.agent])).get(use: list)
    }

    @Sendable func list(_ request: Request, context: TicketflowRequestContext) async throws -> Response {
        let parameters = request.uri.queryParameters
        var after: Int64 = 0
        if let raw = parameters["after"].map(String.init) {
            guard let value = Int64(raw), value >= 0 else {
                throw Problem.badRequest("invalid-cursor", "after must be a cursor this server issued (next_cursor)")
            }
            after = value
        }
        var limit = 100
        if let raw = parameters["limit"].map(String.init) {
            let maximum = IntegrationEventPage.maximum
            guard let value = Int(raw), (1...maximum).contains(value) else {
                throw Problem.badRequest("invalid-parameter", "limit must be an integer from 1 to \(maximum)")
            }
            limit = value
        }
        let (events, cursor) = try await store.eventPage(after: after, limit: limit)
        return try JSONBody.response(EventListResponse(events: events, nextCursor: String(cursor)))
    }
}

/// One page of `GET /v1/events`. `next_cursor` is always present: after the
/// last event, or the cursor asked with when nothing new has happened, so a
/// poller just keeps asking with it.
struct EventListResponse: Encodable {
    var events: [IntegrationEvent]
    var nextCursor: String

    enum CodingKeys: String, CodingKey {
        case events
        case nextCursor = "next_cursor"
    }
}
