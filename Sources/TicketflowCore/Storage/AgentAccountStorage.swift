import Foundation

/// The narrow primitives under `AgentStore`'s account writes. A store that
/// provides them gets `createUser` and `deleteUser` from the extension below,
/// so the taken-email and last-admin rules (`AccountRules`) are written once.
public protocol AgentAccountStorage: AgentStore {
    /// Stores a new user, or returns nil when the email is taken.
    func insertUser(
        email: EmailAddress, name: String, role: AgentRole, passwordHash: String, at now: Date
    ) async throws -> AgentUser?

    /// In one transaction during which the set of admins cannot change (a
    /// concurrent change waits for it): passes the user with this email and
    /// the number of admins to `check` and, unless it throws, makes `change`:
    /// removes the user and ends their sessions, or gives them a role. Returns
    /// the user as removed or changed; nil when there is no such user.
    func changeUser(
        email: EmailAddress, _ change: AccountChange,
        checking check: @escaping @Sendable (AgentUser, _ admins: Int) throws -> Void
    ) async throws -> AgentUser?
}

/// What `changeUser` does to an account.
public enum AccountChange: Sendable, Equatable {
    case remove
    case role(AgentRole)
}

extension AgentAccountStorage {
    public func createUser(
        email: EmailAddress, name: String, role: AgentRole, passwordHash: String, at now: Date
    ) async throws -> AgentUser {
        guard let user = try await insertUser(email: email, name: name, role: role, passwordHash: passwordHash, at: now)
        else { throw AccountRules.emailTaken(email) }
        return user
    }

    public func deleteUser(email: EmailAddress) async throws -> AgentUser? {
        try await changeUser(email: email, .remove, checking: AccountRules.checkRemoval)
    }

    public func setRole(email: EmailAddress, role: AgentRole) async throws -> AgentUser? {
        try await changeUser(email: email, .role(role)) { user, admins in
            try AccountRules.checkRoleChange(user, to: role, admins: admins)
        }
    }
}
