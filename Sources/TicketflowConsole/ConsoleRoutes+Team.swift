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
        let addedID = request.formQuery["added"].flatMap { Int64(String($0)) }
        let added = users.first { $0.id == addedID }
        let removed = request.formQuery["removed"] != nil ? "Removed. Their sessions are ended." : nil
        func named(_ parameter: String) -> AgentUser? {
            let id = request.formQuery[Substring(parameter)].flatMap { Int64(String($0)) }
            return users.first { $0.id == id }
        }
        let notice =
            added.map { "Added \($0.name) (\($0.email), \($0.role.rawValue)). They can sign in now." }
            ?? named("role").map { "\($0.name) is now \($0.role == .admin ? "an admin" : "an agent")." }
            ?? named("reset").map { "New password set for \($0.name). They are signed out everywhere." }
            ?? named("active").map {
                $0.isActive
                    ? "\($0.name) is active again and can sign in."
                    : "\($0.name) is deactivated: signed out, unable to sign in, and given no new tickets."
            }
            ?? removed
        let frame = frame(title: "Team", viewer: viewer, notice: notice)
        let sorted = users.sorted { $0.name.localizedCaseInsensitiveCompare($1.name) == .orderedAscending }
        let now = desk.now()
        let online = TimeInterval(configuration.onlineMinutes) * 60
        let members = sorted.map { user in
            ConsolePages.Team.Member(
                name: user.name, email: user.email, role: user.role.rawValue,
                created: ConsoleFormat.time(user.createdAt), active: user.isActive,
                presence: !user.isActive
                    ? "deactivated"
                    : AgentPresence.isOnline(user, within: online, at: now)
                        ? "online" : user.lastSeenAt.map { "seen " + ConsoleFormat.time($0) } ?? "not seen yet",
                removable: EmailAddress(user.email) != EmailAddress(viewer.actor.id),
                otherRole: user.role == .admin ? AgentRole.agent.rawValue : AgentRole.admin.rawValue)
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

    /// Gives someone the other role; yourself and the last admin are refused (409).
    func changeTeamRole(_ form: FormBody, viewer: CallerIdentity) async throws -> Response {
        try Self.requireAdmin(viewer)
        guard let role = AgentRole(rawValue: form["role"] ?? ""), role.isPerson else {
            throw ValidationError(field: "role", "must be agent or admin")
        }
        let user = try await accounts.changeRole(email: form["email"] ?? "", to: role, by: viewer.actor.id)
        return ConsoleRenderer.redirect("/console/team?role=\(user.id)")
    }

    /// Sets a new password for someone who forgot theirs; it signs them out everywhere.
    func resetTeamPassword(_ form: FormBody, viewer: CallerIdentity) async throws -> Response {
        try Self.requireAdmin(viewer)
        let email = form["email"] ?? ""
        try await accounts.resetPassword(email: email, password: form["password"] ?? "")
        let user = try await accounts.store.user(address: email)
        return ConsoleRenderer.redirect("/console/team" + (user.map { "?reset=\($0.id)" } ?? ""))
    }

    /// Deactivates someone (or brings them back); yourself and the last active admin are refused (409).
    func setTeamMemberActive(_ form: FormBody, viewer: CallerIdentity) async throws -> Response {
        try Self.requireAdmin(viewer)
        let user = try await accounts.setActive(
            email: form["email"] ?? "", active: form["active"] == "true", by: viewer.actor.id)
        return ConsoleRenderer.redirect("/console/team?active=\(user.id)")
    }

    static func requireAdmin(_ viewer: CallerIdentity, to what: String = "see and add team members") throws {
        guard viewer.role.satisfies(.admin) else {
            throw Problem(.forbidden, "admin-only", "Admins only", detail: "Only admins can \(what).")
        }
    }
}
