import Foundation
import Hummingbird
import TicketflowAuth
import TicketflowCore
import TicketflowEscalation
import TicketflowHTTP

/// The team page: admins see who can sign in and add agents and admins
/// without the command line. Agents are refused (403) like on `/v1/admin/*`.
extension ConsoleRoutes {
    func teamPage(_ request: Request, viewer: CallerIdentity) async throws -> Response {
        try Self.requireAdmin(viewer)
        let users = try await accounts.store.users()
        // The notice names the account by id, so a crafted link cannot put words on the page.
        let addedID = request.uri.queryParameters["added"].flatMap { Int64(String($0)) }
        let added = users.first { $0.id == addedID }
        let removed = request.uri.queryParameters["removed"] != nil ? "Removed. Their sessions are ended." : nil
        let frame = frame(
            title: "Team", viewer: viewer,
            notice: added.map {
                "Added \($0.name) (\($0.email), \($0.role.rawValue)). They can sign in now."
            } ?? removed)
        let sorted = users.sorted { $0.name.localizedCaseInsensitiveCompare($1.name) == .orderedAscending }
        let members = sorted.map { user in
            ConsolePages.Team.Member(
                name: user.name, email: user.email, role: user.role.rawValue,
                created: ConsoleFormat.time(user.createdAt),
                removable: EmailAddress(user.email) != EmailAddress(viewer.actor.id))
        }
        let team = ConsolePages.Team(
            count: users.count, minimumPassword: AccountService.minimumPasswordLength, users: members,
            headcount: users.count == 1 ? "1 person" : "\(users.count) people")
        return renderer.page("team", frame, team)
    }

    /// Creates the account; bad fields and a taken email come back as the
    /// error page (422 / 409) with the reason, through `guarded`.
    func addTeamMember(_ form: FormBody, viewer: CallerIdentity) async throws -> Response {
        try Self.requireAdmin(viewer)
        guard let role = AgentRole(rawValue: form["role"] ?? ""), role.isPerson else {
            throw ValidationError(field: "role", "must be agent or admin")
        }
        let user = try await accounts.createUser(
            email: form["email"] ?? "", name: form["name"] ?? "", role: role, password: form["password"] ?? "")
        return ConsoleRenderer.redirect("/console/team?added=\(user.id)")
    }

    /// Removes the account and ends its sessions; yourself and the last admin are refused (409).
    func removeTeamMember(_ form: FormBody, viewer: CallerIdentity) async throws -> Response {
        try Self.requireAdmin(viewer)
        try await accounts.removeUser(email: form["email"] ?? "", by: viewer.actor.id)
        return ConsoleRenderer.redirect("/console/team?removed=1")
    }

    static func requireAdmin(_ viewer: CallerIdentity) throws {
        guard viewer.role.satisfies(.admin) else {
            throw Problem(.forbidden, "admin-only", "Admins only", detail: "Only admins can see and add team members.")
        }
    }
}
