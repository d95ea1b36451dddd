import Foundation

/// The account rules every store enforces through `AgentAccountStorage`.
public enum AccountRules {
    /// Refuses to remove the last admin, who is the only one able to add
    /// another; `admins` is counted in the removing transaction.
    public static func checkRemoval(_ user: AgentUser, admins: Int) throws {
        if user.role == .admin, admins <= 1 {
            throw Refusal(.conflict, "\(user.email) is the last admin; make another admin first")
        }
    }

    /// Refuses to deactivate the last active admin.
    public static func checkDeactivation(_ user: AgentUser, admins: Int) throws {
        if user.role == .admin, user.isActive, admins <= 1 {
            throw Refusal(.conflict, "\(user.email) is the last active admin; make another admin first")
        }
    }

    /// Refuses to take the admin role from the last admin.
    public static func checkRoleChange(_ user: AgentUser, to role: AgentRole, admins: Int) throws {
        if user.role == .admin, role != .admin, admins <= 1 {
            throw Refusal(.conflict, "\(user.email) is the last admin; make another admin first")
        }
    }

    /// The refusal for an email that already has an account.
    public static func emailTaken(_ email: EmailAddress) -> StoreError {
        StoreError(.conflict, "a user with email \(email) already exists")
    }
}
