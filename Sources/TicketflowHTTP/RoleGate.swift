import HTTPTypes
import Hummingbird
import TicketflowAuth
import TicketflowCore

/// Refuses API requests from callers without one of `roles`: 401 for
/// anonymous callers, 403 for the wrong role, and 403 for a cookie-signed
/// unsafe request whose `X-CSRF-Token` header does not match its session.
public struct RoleGate: RouterMiddleware {
    /// The context whose identity it checks.
    public typealias Context = TicketflowRequestContext

    /// Header that carries the session's CSRF token on unsafe JSON requests.
    public static let csrfHeader = HTTPField.Name("X-CSRF-Token")!

    /// Roles let through (admin always satisfies agent).
    public let roles: [AgentRole]
    /// Lets callers without credentials through too (open intake on loopback).
    public let allowsAnonymous: Bool

    /// A gate for `roles`; `allowsAnonymous` also admits callers that sent no credential.
    public init(_ roles: [AgentRole], allowsAnonymous: Bool = false) {
        self.roles = roles
        self.allowsAnonymous = allowsAnonymous
    }

    /// Lets the request through or throws the problem that refuses it.
    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let identity = context.identity else {
            if allowsAnonymous, !context.sentUnknownCredential { return try await next(request, context) }
            throw Problem(
                .unauthorized, "unauthorized", "Unauthorized",
                detail: "sign in to the console or send an Authorization: Bearer token")
        }
        guard roles.contains(where: { identity.role.satisfies($0) }) else {
            throw Problem(
                .forbidden, "forbidden", "Forbidden",
                detail: "this needs the \(roles.map(\.rawValue).joined(separator: " or ")) role")
        }
        if let expected = identity.csrfToken, ![.get, .head, .options].contains(request.method) {
            let sent = request.headers[Self.csrfHeader] ?? ""
            guard SecretToken.constantTimeEquals(sent, expected) else {
                throw Problem(.forbidden, "csrf", "Forbidden", detail: "missing or wrong X-CSRF-Token header")
            }
        }
        return try await next(request, context)
    }
}
