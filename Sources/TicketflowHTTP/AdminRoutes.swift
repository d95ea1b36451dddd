import Foundation
import Hummingbird
import TicketflowAuth
import TicketflowCore
import TicketflowEscalation

/// `/v1/admin`: users and API tokens, for admins only.
struct AdminRoutes: Sendable {
    let accounts: AccountService
    let body: JSONBody

    func register(on router: Router<TicketflowRequestContext>) {
        let admin = router.group("v1/admin").add(middleware: RoleGate([.admin]))
        admin.get("users") { _, _ in
            try JSONBody.response(UsersResponse(users: try await accounts.store.users()))
        }
        admin.post("users") { request, _ in
            let (new, _) = try await body.decode(CreateUserRequest.self, from: request)
            let user = try await accounts.createUser(
                email: new.email, name: new.name, role: new.role, password: new.password)
            return try JSONBody.response(user, status: .created)
        }
        admin.delete("users/:email") { _, context in
            try await accounts.removeUser(email: Self.email(context), by: context.identity?.actor.id)
            return Response(status: .noContent)
        }
        admin.put("users/:email/password") { request, context in
            let (new, _) = try await body.decode(NewPasswordRequest.self, from: request)
            try await accounts.resetPassword(email: Self.email(context), password: new.password)
            return Response(status: .noContent)
        }
        admin.put("users/:email/active") { request, context in
            let (change, _) = try await body.decode(ActiveRequest.self, from: request)
            return try JSONBody.response(
                try await accounts.setActive(
                    email: Self.email(context), active: change.active, by: context.identity?.actor.id))
        }
        admin.get("tokens") { _, _ in
            try JSONBody.response(
                TokensResponse(
                    tokens: try await accounts.store.apiTokens().map {
                        TokenJSON(id: $0.id, name: $0.name, role: $0.role, channel: $0.channel, createdAt: $0.createdAt)
                    }))
        }
        admin.delete("tokens/:id") { _, context in
            let id = try context.positiveID(of: "token")
            guard try await accounts.store.deleteAPIToken(id: id) else { throw Problem.notFound("no API token \(id)") }
            return Response(status: .noContent)
        }
        admin.post("tokens") { request, _ in
            let (new, _) = try await body.decode(CreateTokenRequest.self, from: request)
            let (secret, token) = try await accounts.createAPIToken(
                name: new.name, role: new.role, channel: new.channel)
            return try JSONBody.response(
                CreatedToken(id: token.id, name: token.name, role: token.role, channel: token.channel, token: secret),
                status: .created)
        }
    }
}

extension AdminRoutes {
    /// The `:email` path parameter, percent-decoded ("ann%40example.com").
    static func email(_ context: TicketflowRequestContext) -> String {
        context.parameters.get("email")?.removingPercentEncoding ?? ""
    }
}

/// `GET /v1/admin/users` response.
struct UsersResponse: Encodable {
    var users: [AgentUser]
}

/// `POST /v1/admin/tokens` response: the only time the secret is shown.
struct CreatedToken: Encodable {
    var id: Int64
    var name: String
    var role: AgentRole
    var channel: TicketflowCore.Channel?
    var token: String
}

/// `GET /v1/admin/tokens` response: no hashes, no secrets.
struct TokensResponse: Encodable {
    var tokens: [TokenJSON]
}

struct TokenJSON: Encodable {
    var id: Int64
    var name: String
    var role: AgentRole
    var channel: TicketflowCore.Channel?
    var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, name, role, channel
        case createdAt = "created_at"
    }
}
