/// Why a chat request was refused; the edge maps each kind to its status.
public struct ChatRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The page's origin is not in the site's allowed origins (403).
        case originNotAllowed
        /// No site with that id (404).
        case unknownSite
        /// The user hash does not match the site's signature of the user id (403).
        case identityNotVerified
        /// No token, or one that is forged, expired or of another site (401).
        case invalidToken
        /// Too many requests; retry after this many seconds (429).
        case rateLimited(retryAfter: Int)
        /// The message is longer than the limit (413).
        case tooLong
        /// Malformed input (400).
        case invalid
    }

    public var kind: Kind
    /// Safe to show the visitor.
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    /// The HTTP status this refusal answers with.
    public var status: Int {
        switch kind {
        case .originNotAllowed, .identityNotVerified: 403
        case .unknownSite: 404
        case .invalidToken: 401
        case .rateLimited: 429
        case .tooLong: 413
        case .invalid: 400
        }
    }

    /// Short title for the problem body.
    public var title: String {
        switch kind {
        case .originNotAllowed: "Origin not allowed"
        case .unknownSite: "Unknown chat site"
        case .identityNotVerified: "Identity not verified"
        case .invalidToken: "Visitor token invalid or expired"
        case .rateLimited: "Too many messages"
        case .tooLong: "Message too long"
        case .invalid: "Bad request"
        }
    }

    /// The problem type slug.
    public var slug: String {
        switch kind {
        case .originNotAllowed: "chat-origin-not-allowed"
        case .unknownSite: "chat-unknown-site"
        case .identityNotVerified: "chat-identity-not-verified"
        case .invalidToken: "chat-token-invalid"
        case .rateLimited: "chat-rate-limited"
        case .tooLong: "chat-message-too-long"
        case .invalid: "chat-bad-request"
        }
    }
}
