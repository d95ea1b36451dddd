import Foundation

/// A console sign-in. The cookie carries a random token; the store keeps only
/// its SHA-256, so a leaked database cannot be replayed as a cookie.
public struct AgentSession: Sendable, Equatable {
    /// SHA-256 (hex) of the cookie token.
    public var tokenHash: String
    /// The signed-in user.
    public var userID: Int64
    /// Synchroniser token every form POST of this session must echo.
    public var csrfToken: String
    /// When the session was opened.
    public var createdAt: Date
    /// After this the cookie no longer signs anyone in.
    public var expiresAt: Date

    /// Creates a session value.
    public init(tokenHash: String, userID: Int64, csrfToken: String, createdAt: Date, expiresAt: Date) {
        self.tokenHash = tokenHash
        self.userID = userID
        self.csrfToken = csrfToken
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

/// A bearer token for API clients, stored as the SHA-256 of the secret.
public struct APIToken: Codable, Sendable, Equatable {
    /// Store-assigned id.
    public var id: Int64
    /// What the token is for ("zendesk bridge"), shown in listings.
    public var name: String
    /// The role a request with this token acts in.
    public var role: AgentRole
    /// SHA-256 (hex) of the secret; the secret itself is shown once at creation.
    public var tokenHash: String
    /// When it was created.
    public var createdAt: Date
    /// For `api` (intake) tokens: the one channel whose tickets it may open and
    /// add customer messages to. Nil on tokens of other roles, and on intake
    /// tokens made before channels were recorded (those act on the `api` channel).
    public var channel: Channel?

    /// Creates a token value (the store assigns `id`).
    public init(id: Int64, name: String, role: AgentRole, tokenHash: String, createdAt: Date, channel: Channel? = nil) {
        self.id = id
        self.name = name
        self.role = role
        self.tokenHash = tokenHash
        self.createdAt = createdAt
        self.channel = channel
    }

    enum CodingKeys: String, CodingKey {
        case id, name, role, channel
        case tokenHash = "token_hash"
        case createdAt = "created_at"
    }
}
