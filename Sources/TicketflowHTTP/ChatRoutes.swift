import Foundation
import Hummingbird
import TicketflowAuth
import TicketflowChat
import TicketflowCore

/// `/v1/chat/*`: the widget's API. No account: a site's allowed origins and the
/// visitor's signed token are the credentials. Every answer, errors included, carries
/// the CORS headers for an allowed origin, so the widget can read what went wrong.
struct ChatRoutes: Sendable {
    let chat: ChatService
    let hub: ChatHub
    let trustForwardedFor: Bool

    /// Chat bodies are small; a body over this is refused before it is read.
    static let maximumBodyBytes = 16 * 1024

    struct SessionRequest: Decodable {
        var site: String
        var token: String?
        var user: ChatUser?
    }

    struct SessionResponse: Encodable {
        struct Site: Encodable {
            let id, title, greeting, color, position: String
        }
        let token: String
        let expiresAt: Date
        let resumed: Bool
        let site: Site
        let maxMessageChars: Int
        let offlineEmail: Bool
        let conversation: ChatConversation

        enum CodingKeys: String, CodingKey {
            case token, resumed, site, conversation
            case expiresAt = "expires_at"
            case maxMessageChars = "max_message_chars"
            case offlineEmail = "offline_email"
        }
    }

    struct MessageRequest: Decodable { var text: String }

    struct MessageResponse: Encodable {
        let message: ChatMessage?
        let token: String?
        let conversation: ChatConversation
    }

    struct RatingRequest: Decodable {
        var messageID: Int64
        var helpful: Bool
        enum CodingKeys: String, CodingKey {
            case helpful
            case messageID = "message_id"
        }
    }

    struct EmailRequest: Decodable { var email: String }

    struct EmailResponse: Encodable {
        let email: String
        let willEmail: Bool
        enum CodingKeys: String, CodingKey {
            case email
            case willEmail = "will_email"
        }
    }

    func register(on router: Router<TicketflowRequestContext>) {
        let group = router.group("v1/chat")
        for path in ["sessions", "conversation", "messages", "ratings", "email", "events", "socket"] {
            group.on(RouterPath(path), method: .options) { request, _ in preflight(request) }
        }
        group.post("sessions") { request, context in
            try await respond(request, context) { origin in
                let body = try await decode(SessionRequest.self, request)
                let session = try await chat.startSession(
                    site: body.site, origin: origin, token: body.token, user: body.user)
                let site = session.site
                return try JSONBody.response(
                    SessionResponse(
                        token: session.token, expiresAt: session.visitor.expires, resumed: session.resumed,
                        site: .init(
                            id: site.id, title: site.title, greeting: site.greeting, color: site.color,
                            position: site.position),
                        maxMessageChars: chat.settings.limits.maximumMessageCharacters,
                        offlineEmail: chat.reader.offlineEmail, conversation: session.conversation))
            }
        }
        group.get("conversation") { request, context in
            try await respond(request, context) { origin in
                let (visitor, _) = try chat.visitor(token: Self.bearer(request), origin: origin)
                return try JSONBody.response(try await chat.conversation(of: visitor))
            }
        }
        group.post("messages") { request, context in
            try await respond(request, context) { origin in
                let (visitor, site) = try chat.visitor(token: Self.bearer(request), origin: origin)
                let body = try await decode(MessageRequest.self, request)
                let posted = try await chat.post(body.text, as: visitor, site: site)
                return try JSONBody.response(
                    MessageResponse(message: posted.message, token: posted.token, conversation: posted.conversation),
                    status: .accepted)
            }
        }
        group.post("ratings") { request, context in
            try await respond(request, context) { origin in
                let (visitor, _) = try chat.visitor(token: Self.bearer(request), origin: origin)
                let body = try await decode(RatingRequest.self, request)
                let rating = try await chat.rate(messageID: body.messageID, helpful: body.helpful, as: visitor)
                return try JSONBody.response(["rating": rating])
            }
        }
        group.post("email") { request, context in
            try await respond(request, context) { origin in
                let (visitor, _) = try chat.visitor(token: Self.bearer(request), origin: origin)
                let body = try await decode(EmailRequest.self, request)
                let saved = try await chat.leaveEmail(body.email, as: visitor)
                return try JSONBody.response(EmailResponse(email: saved.masked, willEmail: saved.willEmail))
            }
        }
        group.get("events") { request, context in
            try await respond(request, context) { origin in
                let (visitor, _) = try chat.visitor(
                    token: request.uri.queryParameters["token"].map(String.init), origin: origin)
                return try await eventStream(for: visitor)
            }
        }
        // A GET that the WebSocket router did not upgrade: say why, as the upgrade would have.
        group.get("socket") { request, context in
            try await respond(request, context) { origin in
                _ = try chat.visitor(token: request.uri.queryParameters["token"].map(String.init), origin: origin)
                throw Problem(
                    .upgradeRequired, "chat-upgrade-required", "WebSocket upgrade required",
                    detail: "connect with a WebSocket, or use GET /v1/chat/events and POST /v1/chat/messages")
            }
        }
    }

    /// Runs a chat handler: the per-address limit first, then the handler; refusals become problems,
    /// and every response gets the CORS headers for an allowed origin.
    func respond(
        _ request: Request, _ context: TicketflowRequestContext, _ handler: (String?) async throws -> Response
    ) async throws -> Response {
        let origin = Self.origin(request)
        var response: Response
        do {
            try checkAddress(ClientAddress.key(request, context, trustForwardedFor: trustForwardedFor))
            response = try await handler(origin)
        } catch {
            response = Self.problem(for: error, request: request).response(instance: request.uri.path)
            if let refusal = error as? ChatRefusal, case .rateLimited(let seconds) = refusal.kind {
                response.headers[.retryAfter] = String(seconds)
            }
        }
        // Any page may read the answer: a refused origin only ever gets the refusal, which the widget
        // then shows ("chat is not available on this page") instead of retrying blind.
        if let origin {
            response.headers[.accessControlAllowOrigin] = origin
            response.headers[.vary] = "Origin"
            response.headers[.accessControlExposeHeaders] = "Retry-After"
        }
        return response
    }

    /// Refuses a client address (`ClientAddress.key`) that sends more than its share, before any work.
    func checkAddress(_ key: String?) throws {
        let address = key ?? "unknown"
        if let wait = chat.limiter.take(
            "address:\(address)", perMinute: chat.settings.limits.requestsPerAddressPerMinute, at: Date())
        {
            throw ChatRefusal(.rateLimited(retryAfter: wait), "too many requests from this address; wait \(wait) s")
        }
    }

    /// Refuses a visitor who already holds as many live connections (sockets and streams) as allowed.
    func checkConnections(of visitor: VisitorToken) async throws {
        let open = await hub.connections(ofVisitor: visitor.visitor, ticketID: visitor.ticketID)
        guard open < chat.settings.limits.connectionsPerVisitor else {
            throw ChatRefusal(.rateLimited(retryAfter: 30), "too many open chat windows; close one and retry")
        }
    }

    /// CORS preflight, for any origin: the call itself checks the origin against its site.
    func preflight(_ request: Request) -> Response {
        guard let origin = Self.origin(request) else { return Response(status: .forbidden) }
        var headers = HTTPFields()
        headers[.accessControlAllowOrigin] = origin
        headers[.accessControlAllowMethods] = "GET, POST, OPTIONS"
        headers[.accessControlAllowHeaders] = "Authorization, Content-Type"
        headers[.accessControlMaxAge] = "600"
        headers[.vary] = "Origin"
        return Response(status: .noContent, headers: headers)
    }

    func decode<T: Decodable>(_ type: T.Type, _ request: Request) async throws -> T {
        try await JSONBody(maximumBytes: Self.maximumBodyBytes).decode(type, from: request).value
    }

    /// The problem for a chat refusal, or the API's usual mapping.
    static func problem(for error: any Error, request: Request) -> Problem {
        guard let refusal = error as? ChatRefusal else {
            return ProblemMiddleware<TicketflowRequestContext>.problem(for: error, request: request)
        }
        return Problem(
            HTTPResponse.Status(code: refusal.status), refusal.slug, refusal.title, detail: refusal.message)
    }

    /// The page's origin; nil unless there is exactly one `Origin` header, as browsers send.
    static func origin(_ request: Request) -> String? {
        let values = request.headers[values: .origin]
        return values.count == 1 ? values[0] : nil
    }

    /// The token of an `Authorization: Bearer` header.
    static func bearer(_ request: Request) -> String? {
        guard let value = request.headers[.authorization], value.lowercased().hasPrefix("bearer ") else { return nil }
        return String(value.dropFirst(7)).trimmingCharacters(in: .whitespaces)
    }
}
