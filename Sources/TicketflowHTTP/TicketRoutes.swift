import Foundation
import HTTPTypes
import Hummingbird
import TicketflowCore

/// `/v1/tickets`: intake, conversation, read and list. Opening tickets and
/// adding customer messages is intake (an intake credential, a person, or
/// anyone when anonymous intake is on); reading tickets is for agents and admins.
struct TicketRoutes: Sendable {
    let service: TicketService
    let body: JSONBody
    /// Whether callers without credentials may open tickets and add customer messages.
    var anonymousIntake = true

    func register(on router: Router<TicketflowRequestContext>) {
        router.group("v1/tickets").add(middleware: RoleGate([.api, .agent], allowsAnonymous: anonymousIntake))
            .post(use: create)
            .post(":id/messages", use: addMessage)
        router.group("v1/tickets").add(middleware: RoleGate([.agent]))
            .get(use: list)
            .get(":id", use: show)
    }

    /// What the caller may write through intake: people write anything,
    /// intake credentials and anonymous callers customer messages only.
    static func authority(_ context: TicketflowRequestContext) -> IntakeAuthority {
        guard let identity = context.identity else { return .customer(channel: nil) }
        return identity.role.satisfies(.agent) ? .staff : .customer(channel: identity.channel ?? .api)
    }

    @Sendable func create(_ request: Request, context: TicketflowRequestContext) async throws -> Response {
        let key = request.headers[HTTPField.Name("Idempotency-Key")!]
        if let key, key.isEmpty || key.count > 255 {
            throw Problem.badRequest("invalid-idempotency-key", "Idempotency-Key must be 1 to 255 characters")
        }
        let (intake, _) = try await body.decode(IntakeRequest.self, from: request)
        let result = try await service.intake(
            intake, idempotencyKey: key, fingerprint: intake.fingerprint, authority: Self.authority(context))
        var headers = HTTPFields()
        headers[.location] = "/v1/tickets/\(result.detail.ticket.id)"
        if result.appended {
            headers[HTTPField.Name("Ticketflow-Message-Appended")!] = "true"
        } else if !result.created {
            headers[HTTPField.Name("Idempotent-Replayed")!] = "true"
        }
        return try JSONBody.response(result.detail, status: result.created ? .created : .ok, headers: headers)
    }

    @Sendable func show(_ request: Request, context: TicketflowRequestContext) async throws -> Response {
        let id = try context.positiveID(of: "ticket")
        guard let detail = try await service.store.ticketDetail(id: id) else {
            throw Problem.notFound("no ticket \(id)")
        }
        return try JSONBody.response(detail)
    }

    @Sendable func addMessage(_ request: Request, context: TicketflowRequestContext) async throws -> Response {
        let id = try context.positiveID(of: "ticket")
        let (message, _) = try await body.decode(MessageRequest.self, from: request)
        let detail = try await service.addMessage(ticketID: id, message, authority: Self.authority(context))
        return try JSONBody.response(detail, status: .created)
    }

    @Sendable func list(_ request: Request, context: TicketflowRequestContext) async throws -> Response {
        let query = try Self.query(from: request.uri.queryParameters)
        let page = try await service.store.listTickets(query)
        return try JSONBody.response(
            TicketListResponse(
                tickets: page.tickets, nextCursor: page.nextBefore.map(TicketCursor.encode(before:))))
    }

    static func query(from parameters: Parameters) throws -> TicketQuery {
        var query = TicketQuery()
        if let raw = parameters["status"].map(String.init) {
            guard let status = TicketStatus(rawValue: raw) else {
                throw Problem.badRequest(
                    "invalid-parameter",
                    "status must be one of \(TicketStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            query.status = status
        }
        if let raw = parameters["route"].map(String.init) {
            guard let route = Route(rawValue: raw) else {
                throw Problem.badRequest(
                    "invalid-parameter",
                    "route must be one of \(Route.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            query.route = route
        }
        if let category = parameters["category"].map(String.init), !category.isEmpty { query.category = category }
        if let raw = parameters["limit"].map(String.init) {
            guard let limit = Int(raw), (1...TicketQuery.maximumLimit).contains(limit) else {
                throw Problem.badRequest(
                    "invalid-parameter", "limit must be an integer from 1 to \(TicketQuery.maximumLimit)")
            }
            query.limit = limit
        }
        if let raw = parameters["updated_since"].map(String.init) {
            guard let since = Self.timestamp(raw) else {
                throw Problem.badRequest(
                    "invalid-parameter", "updated_since must be an ISO 8601 time, e.g. 2026-12-03T10:02:00Z")
            }
            query.updatedSince = since
        }
        if let raw = parameters["cursor"].map(String.init) {
            guard let before = TicketCursor.decode(raw) else {
                throw Problem.badRequest("invalid-cursor", "cursor is not one this server issued")
            }
            query.before = before
        }
        return query
    }

    /// An ISO 8601 time with a zone, with or without fractional seconds.
    static func timestamp(_ text: String) -> Date? {
        (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text))
            ?? (try? Date.ISO8601FormatStyle().parse(text))
    }
}

/// One page of `GET /v1/tickets`.
struct TicketListResponse: Encodable {
    var tickets: [Ticket]
    var nextCursor: String?

    enum CodingKeys: String, CodingKey {
        case tickets
        case nextCursor = "next_cursor"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(tickets, forKey: .tickets)
        // Always present, null on the last page, so clients can loop on it.
        try container.encode(nextCursor, forKey: .nextCursor)
    }
}
