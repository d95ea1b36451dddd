import Foundation
import TicketflowAuth

/// Where the rating-link key comes from: the `rating_link_secret` setting,
/// or a random key created once in the data directory (readable by the
/// owner only), so links keep working across restarts of a single node.
enum RatingLinkSecret {
    static func signer(for configuration: AppConfiguration) throws -> RatingLinkSigner {
        try RatingLinkSigner(secret: try secret(for: configuration))
    }

    /// The secret itself; the chat's visitor tokens derive their own key from it.
    static func secret(for configuration: AppConfiguration) throws -> String {
        if let secret = configuration.ratingLinkSecret { return secret }
        let path = configuration.dataDirectory + "/rating-link.secret"
        if let data = FileManager.default.contents(atPath: path), let secret = String(data: data, encoding: .utf8),
            secret.utf8.count >= 16
        {
            return secret.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let secret = SecretToken.generate()
        // With PostgreSQL nothing else creates the data directory: owner-only, as the SQLite store makes it.
        try FileManager.default.createDirectory(
            atPath: configuration.dataDirectory, withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
        guard
            FileManager.default.createFile(
                atPath: path, contents: Data(secret.utf8), attributes: [.posixPermissions: 0o600])
        else {
            throw ConfigurationError("cannot write \(path); set rating_link_secret instead")
        }
        return secret
    }
}
