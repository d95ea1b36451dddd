import Foundation
import Hummingbird
import TicketflowAuth
import TicketflowCore
import TicketflowEscalation

/// Works out who is calling, for every request: a bearer token (the intake
/// token or a stored API token) or the console session cookie. It never
/// refuses a request itself; the role gates on each route group do.
public struct AuthMiddleware: RouterMiddleware {
    /// The context it fills in.
    public typealias Context = TicketflowRequestContext

    /// Looks up sessions and tokens.
    public let accounts: AccountService
    /// The optional intake token.
    public let configuration: AuthConfiguration

    /// Creates the middleware.
    public init(accounts: AccountService, configuration: AuthConfiguration) {
        self.accounts = accounts
        self.configuration = configuration
    }

    /// Sets `context.identity` when the request carries valid credentials.
    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        context.identity = try await identify(request)
        context.sentUnknownCredential = context.identity == nil && request.headers[.authorization] != nil
        return try await next(request, context)
    }

    /// The secret of an `Authorization: Bearer <secret>` header, nil for none or another scheme.
    static func bearerSecret(_ request: Request) -> String? {
        guard let authorization = request.headers[.authorization] else { return nil }
        let parts = authorization.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return String(parts[1]).trimmingCharacters(in: .whitespaces)
    }

    func identify(_ request: Request) async throws -> CallerIdentity? {
        if request.headers[.authorization] != nil {
            guard let secret = Self.bearerSecret(request) else { return nil }
            if let intake = configuration.intakeToken, SecretToken.constantTimeEquals(secret, intake) {
                return CallerIdentity(
                    actor: AgentActor(id: "intake-token", name: "intake token", role: .api), credential: .bearer,
                    channel: configuration.intakeTokenChannel)
            }
            guard let token = try await accounts.apiToken(secret: secret) else { return nil }
            // Intake tokens from before channels were recorded act on the api channel.
            return CallerIdentity(
                actor: AgentActor(id: "token:\(token.name)", name: token.name, role: token.role), credential: .bearer,
                channel: token.role == .api ? token.channel ?? .api : nil)
        }
        guard let cookie = SessionCookie.token(in: request),
            let (session, user) = try await accounts.session(cookieToken: cookie)
        else { return nil }
        return CallerIdentity(
            actor: AgentActor(id: user.email, name: user.name, role: user.role),
            credential: .session(csrfToken: session.csrfToken, cookieToken: cookie))
    }
}
