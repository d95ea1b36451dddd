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
    /// the number of active admins to `check` and, unless it throws, makes `change`:
    /// removes the user and ends their sessions, gives them a role, or deactivates
    /// them (ending their sessions) or activates them again. Returns
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
    /// Sign-in refused and sessions ended from this time; the account and its history stay.
    case deactivate(at: Date)
    case reactivate

    /// The user as the change leaves them (a removed one as they were): what `changeUser` returns. A second
    /// deactivation keeps the first one's time, as the stores' writes do.
    public func applied(to user: AgentUser) -> AgentUser {
        var changed = user
        switch self {
        case .remove: break
        case .role(let role): changed.role = role
        case .deactivate(let at): changed.deactivatedAt = user.deactivatedAt ?? at
        case .reactivate: changed.deactivatedAt = nil
        }
        return changed
    }
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

    public func setActive(email: EmailAddress, _ active: Bool, at now: Date) async throws -> AgentUser? {
        try await changeUser(email: email, active ? .reactivate : .deactivate(at: now)) { user, admins in
            if !active { try AccountRules.checkDeactivation(user, admins: admins) }
        }
    }

    public func setRole(email: EmailAddress, role: AgentRole) async throws -> AgentUser? {
        try await changeUser(email: email, .role(role)) { user, admins in
            try AccountRules.checkRoleChange(user, to: role, admins: admins)
        }
    }
}
