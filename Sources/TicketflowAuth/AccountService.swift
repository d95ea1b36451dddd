import Foundation
import TicketflowCore

/// Accounts and credentials: users with bcrypt passwords, console sessions
/// with their CSRF token, and hashed API tokens. The CLI, the admin API and
/// the console's login page all go through here.
public struct AccountService: Sendable {
    /// How long a console sign-in lasts.
    public static let sessionLifetime: TimeInterval = 12 * 3600
    /// Shortest accepted password.
    public static let minimumPasswordLength = 10

    /// Where users, sessions and tokens live.
    public let store: any AgentStore
    /// Hashes passwords.
    public let hasher: PasswordHasher
    /// Clock; tests fix it.
    public let now: @Sendable () -> Date
    /// Lock-outs and the bounded password-check pool, shared by every copy of this service.
    public let signInGuard: SignInGuard
    /// Runs after someone is deactivated, with the account as changed: the composition root gives their
    /// unfinished tickets back to the queue. Nil does nothing.
    public var afterDeactivation: (@Sendable (AgentUser) async -> Void)?
    /// A hash to verify against when the email is unknown, so a wrong email
    /// takes as long as a wrong password and does not reveal who has an account.
    private let decoyHash: String

    /// Creates the service.
    public init(
        store: any AgentStore, hasher: PasswordHasher = PasswordHasher(), signIn: SignInSettings = SignInSettings(),
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.store = store
        self.hasher = hasher
        self.now = now
        signInGuard = SignInGuard(settings: signIn, now: now)
        decoyHash = hasher.hash(SecretToken.generate())
    }

    /// Creates a user with a person's role (admin or agent).
    public func createUser(email: String, name: String, role: AgentRole, password: String) async throws -> AgentUser {
        let email = try EmailAddress(validating: email)
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 120 else {
            throw ValidationError(field: "name", "must be 1 to 120 characters")
        }
        guard role.isPerson else {
            throw ValidationError(field: "role", "\(role.rawValue) callers use tokens, not passwords")
        }
        try Self.checkPassword(password)
        return try await store.createUser(
            email: email, name: name, role: role, passwordHash: hasher.hash(password), at: now())
    }

    /// Removes a person's account and ends their sessions at once (someone
    /// who left keeps no access). `remover` is the acting person's email, if
    /// any: nobody removes their own account, and the last admin stays.
    @discardableResult
    public func removeUser(email: String, by remover: String?) async throws -> AgentUser {
        let address = EmailAddress(email)
        if let remover, let address, EmailAddress(remover) == address {
            throw Refusal(.conflict, "you cannot remove your own account; ask another admin")
        }
        guard let address, let user = try await store.deleteUser(email: address) else { throw Self.noUser(email) }
        return user
    }

    /// Gives a person another role (agent or admin). `changer` is the acting person's email, if any: nobody
    /// changes their own role, and the last admin stays one.
    @discardableResult
    public func changeRole(email: String, to role: AgentRole, by changer: String?) async throws -> AgentUser {
        guard role.isPerson else { throw ValidationError(field: "role", "must be agent or admin") }
        let address = EmailAddress(email)
        if let changer, let address, EmailAddress(changer) == address {
            throw Refusal(.conflict, "you cannot change your own role; ask another admin")
        }
        guard let address, let user = try await store.setRole(email: address, role: role) else {
            throw Self.noUser(email)
        }
        return user
    }

    /// Deactivates a person (who left, or is away for long): they cannot sign in, their sessions end at once
    /// and assignment passes them over, but their account and history stay, and `active: true` brings them
    /// back. `changer` is the acting person's email, if any: nobody deactivates themselves, and the last
    /// active admin stays.
    @discardableResult
    public func setActive(email: String, active: Bool, by changer: String?) async throws -> AgentUser {
        let address = EmailAddress(email)
        if !active, let changer, let address, EmailAddress(changer) == address {
            throw Refusal(.conflict, "you cannot deactivate your own account; ask another admin")
        }
        guard let address, let user = try await store.setActive(email: address, active, at: now()) else {
            throw Self.noUser(email)
        }
        if !active { await afterDeactivation?(user) }
        return user
    }

    /// Sets a new password (an admin's reset for someone who forgot theirs),
    /// signs the person out everywhere and lifts a sign-in lock-out.
    public func resetPassword(email: String, password: String) async throws {
        try Self.checkPassword(password)
        guard let address = EmailAddress(email),
            try await store.setPasswordHash(email: address, passwordHash: hasher.hash(password))
        else { throw Self.noUser(email) }
        await signInGuard.forget(email: email.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// The 404 for an address with no account, named as it would be stored.
    static func noUser(_ email: String) -> StoreError {
        StoreError(.notFound, "no user with email \(EmailAddress.normalized(email))")
    }

    static func checkPassword(_ password: String) throws {
        guard password.count >= minimumPasswordLength, password.count <= 200 else {
            throw ValidationError(field: "password", "must be \(minimumPasswordLength) to 200 characters")
        }
    }

    /// Checks a password and opens a session; nil for a wrong email or password.
    /// `address` is the client's (nil when unknown). Throws `SignInRefusal`
    /// while the account or address is locked out (even the right password is
    /// refused then, and no bcrypt runs) or when too many checks are queued.
    public func logIn(email: String, password: String, from address: String? = nil) async throws -> SignIn? {
        let attempt = try await signInGuard.begin(email: email, address: address)
        let user: AgentUser?
        let matches: Bool
        do {
            user = try await store.user(address: email)
            let hash = user?.passwordHash ?? decoyHash
            matches = try await signInGuard.checks.run { [hasher] in hasher.verify(password, against: hash) }
        } catch {
            await signInGuard.finish(attempt, .abandoned)
            throw error
        }
        // A deactivated account is refused like a wrong password: the form tells a stranger nothing.
        guard matches, let user, user.isActive else {
            await signInGuard.finish(attempt, .failed)
            return nil
        }
        await signInGuard.finish(attempt, .succeeded)
        let cookie = SecretToken.generate()
        let at = now()
        let session = AgentSession(
            tokenHash: SecretToken.hash(cookie), userID: user.id, csrfToken: SecretToken.generate(),
            createdAt: at, expiresAt: at.addingTimeInterval(Self.sessionLifetime))
        try await store.createSession(session)
        return SignIn(cookieToken: cookie, session: session, user: user)
    }

    /// The session and user a cookie token belongs to, if it is valid.
    /// Notes the person as seen (online, for assignment) when that was not recorded in the last minute; a
    /// failed note only leaves them looking idle for a while, so it never fails the request.
    public func session(cookieToken: String) async throws -> (AgentSession, AgentUser)? {
        let at = now()
        guard let found = try await store.session(tokenHash: SecretToken.hash(cookieToken), at: at) else { return nil }
        if (found.1.lastSeenAt.map { at.timeIntervalSince($0) } ?? .infinity) >= AgentPresence.recordingInterval {
            try? await store.recordSeen(userID: found.1.id, at: at)
        }
        return found
    }

    /// Ends the session of a cookie token.
    public func logOut(cookieToken: String) async throws {
        try await store.deleteSession(tokenHash: SecretToken.hash(cookieToken))
    }

    /// Creates an API token; the secret is returned once and only its hash is stored.
    /// An intake (`api`) token acts on one channel, `api` unless given; other roles take none.
    public func createAPIToken(
        name: String, role: AgentRole, channel: Channel? = nil
    ) async throws -> (secret: String, token: APIToken) {
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 120 else {
            throw ValidationError(field: "name", "must be 1 to 120 characters")
        }
        if channel != nil, role != .api {
            throw ValidationError(field: "channel", "only intake (api) tokens are scoped to a channel")
        }
        let secret = SecretToken.generate(prefix: "tf_")
        let token = try await store.createAPIToken(
            name: name, role: role, channel: role == .api ? channel ?? .api : nil,
            tokenHash: SecretToken.hash(secret), at: now())
        return (secret, token)
    }

    /// The API token a bearer secret belongs to, if any.
    public func apiToken(secret: String) async throws -> APIToken? {
        try await store.apiToken(tokenHash: SecretToken.hash(secret))
    }
}

/// A successful sign-in: the cookie value to set and the session behind it.
public struct SignIn: Sendable {
    /// The raw cookie token (only its hash is stored).
    public var cookieToken: String
    /// The stored session, with its CSRF token.
    public var session: AgentSession
    /// Who signed in.
    public var user: AgentUser
}
