import Foundation
import TicketflowAuth

/// Where the rating-link key comes from: the `rating_link_secret` setting,
/// or a random key created once in the data directory (readable by the
/// owner only), so links keep working across restarts of a single node.
enum RatingLinkSecret {
    static func signer(for configuration: AppConfiguration) throws -> RatingLinkSigner {
        if let secret = configuration.ratingLinkSecret { return try RatingLinkSigner(secret: secret) }
        let path = configuration.dataDirectory + "/rating-link.secret"
        if let data = FileManager.default.contents(atPath: path), let secret = String(data: data, encoding: .utf8),
           secret.utf8.count >= 16
        {
            return try RatingLinkSigner(secret: secret.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let secret = SecretToken.generate()
        try FileManager.default.createDirectory(atPath: configuration.dataDirectory, withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: path, contents: Data(secret.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw ConfigurationError("cannot write \(path); set rating_link_secret instead")
        }
        return try RatingLinkSigner(secret: secret)
    }
}
