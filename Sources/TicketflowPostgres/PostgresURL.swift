import Foundation
import TicketflowCore

/// A parsed `postgres://user:password@host:port/database?sslmode=...` URL,
/// the form `--database-url` and `TICKETFLOW_DATABASE_URL` take.
public struct PostgresURL: Sendable, Equatable {
    /// Whether the connection uses TLS, as libpq's `sslmode` names it.
    public enum SSLMode: String, Sendable {
        /// Plain TCP; the default, because nodes usually reach the database over loopback or a private network.
        case disable
        /// TLS when the server offers it.
        case prefer
        /// TLS or no connection.
        case require
    }

    public var username: String
    public var password: String?
    public var host: String
    public var port: Int
    public var database: String
    public var sslMode: SSLMode

    /// A URL from its parts.
    public init(
        username: String, password: String? = nil, host: String = "127.0.0.1", port: Int = 5432,
        database: String, sslMode: SSLMode = .disable
    ) {
        self.username = username
        self.password = password
        self.host = host
        self.port = port
        self.database = database
        self.sslMode = sslMode
    }

    /// Parses `postgres://` or `postgresql://` URLs; user, password and
    /// database may be percent-encoded. The database defaults to the user name.
    public init(parsing text: String) throws {
        guard let components = URLComponents(string: text),
            let scheme = components.scheme?.lowercased(), scheme == "postgres" || scheme == "postgresql"
        else {
            throw StoreError(.unavailable, "not a postgres:// URL: \(text.redactingURLPassword)")
        }
        guard let host = components.host, !host.isEmpty else {
            throw StoreError(.unavailable, "the database URL has no host: \(text.redactingURLPassword)")
        }
        // URLComponents' user, password and path getters are already percent-decoded.
        let user = components.user ?? "postgres"
        let database = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        var sslMode = SSLMode.disable
        for item in components.queryItems ?? [] where item.name == "sslmode" {
            switch item.value ?? "" {
            case "disable", "allow": sslMode = .disable
            case "prefer": sslMode = .prefer
            case "require", "verify-ca", "verify-full": sslMode = .require
            default: throw StoreError(.unavailable, "unknown sslmode '\(item.value ?? "")' in the database URL")
            }
        }
        self.init(
            username: user, password: components.password,
            host: host, port: components.port ?? 5432, database: database.isEmpty ? user : database,
            sslMode: sslMode)
    }

    /// The same server with another database, e.g. a scratch database for a test.
    public func with(database: String) -> PostgresURL {
        var copy = self
        copy.database = database
        return copy
    }

    /// The URL as text, password included (for child processes, never for logs).
    public var text: String {
        var components = URLComponents()
        components.scheme = "postgres"
        components.user = username
        components.password = password
        components.host = host
        components.port = port
        components.path = "/" + database
        components.queryItems = [URLQueryItem(name: "sslmode", value: sslMode.rawValue)]
        return components.string ?? ""
    }

    /// The URL without its password, for logs and error messages.
    public var redactedText: String { text.redactingURLPassword }
}
