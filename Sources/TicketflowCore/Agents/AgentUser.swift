import Foundation

/// A person who signs in to the console: an agent or an admin.
public struct AgentUser: Codable, Sendable, Equatable {
    /// Store-assigned id.
    public var id: Int64
    /// Sign-in name, stored lower-cased so look-ups ignore case.
    public var email: String
    /// Display name shown in the console and recorded on every action.
    public var name: String
    /// admin or agent (api callers use tokens, never passwords).
    public var role: AgentRole
    /// bcrypt hash of the password; never leaves the server.
    public var passwordHash: String
    /// When the account was created.
    public var createdAt: Date
    /// When an admin deactivated the account: it cannot sign in, its sessions are gone, and it gets no
    /// assignments; its history stays. Nil while active.
    public var deactivatedAt: Date?
    /// When the person last used the console (recorded at most once a minute): "online" for assignment.
    public var lastSeenAt: Date?

    /// Whether the account may sign in and be given work.
    public var isActive: Bool { deactivatedAt == nil }

    /// Creates a user value (the store assigns `id` on insert).
    public init(
        id: Int64, email: String, name: String, role: AgentRole, passwordHash: String, createdAt: Date,
        deactivatedAt: Date? = nil, lastSeenAt: Date? = nil
    ) {
        self.deactivatedAt = deactivatedAt
        self.lastSeenAt = lastSeenAt
        self.id = id
        self.email = email
        self.name = name
        self.role = role
        self.passwordHash = passwordHash
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case id, email, name, role
        case createdAt = "created_at"
        case deactivatedAt = "deactivated_at"
        case lastSeenAt = "last_seen_at"
    }

    /// Encodes everything but the password hash, so a user can be returned by the API safely.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(email, forKey: .email)
        try container.encode(name, forKey: .name)
        try container.encode(role, forKey: .role)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encodeIfPresent(deactivatedAt, forKey: .deactivatedAt)
        try container.encodeIfPresent(lastSeenAt, forKey: .lastSeenAt)
    }

    /// Decodes a user without its hash (API payloads never carry one).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(Int64.self, forKey: .id)
        email = try container.decode(String.self, forKey: .email)
        name = try container.decode(String.self, forKey: .name)
        role = try container.decode(AgentRole.self, forKey: .role)
        createdAt = try container.decode(Date.self, forKey: .createdAt)
        deactivatedAt = try container.decodeIfPresent(Date.self, forKey: .deactivatedAt)
        lastSeenAt = try container.decodeIfPresent(Date.self, forKey: .lastSeenAt)
        passwordHash = ""
    }
}
