import Hummingbird
import TicketflowAuth
import TicketflowCore

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
            let user = try await accounts.createUser(email: new.email, name: new.name, role: new.role, password: new.password)
            return try JSONBody.response(user, status: .created)
        }
        admin.delete("users/:email") { _, context in
            let email = context.parameters.get("email")?.removingPercentEncoding ?? ""
            try await accounts.removeUser(email: email, by: context.identity?.actor.id)
            return Response(status: .noContent)
        }
        admin.post("tokens") { request, _ in
            let (new, _) = try await body.decode(CreateTokenRequest.self, from: request)
            let (secret, token) = try await accounts.createAPIToken(name: new.name, role: new.role)
            return try JSONBody.response(CreatedToken(id: token.id, name: token.name, role: token.role, token: secret), status: .created)
        }
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
    var token: String
}
