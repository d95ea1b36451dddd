import Crypto
import Foundation

/// What a chat visitor's token says: the site, an anonymous visitor id, the
/// conversation's ticket once there is one, a verified user id when the site
/// signed one, and when it stops working.
public struct VisitorToken: Sendable, Equatable, Codable {
    public var site: String
    public var visitor: String
    public var ticketID: Int64?
    public var userID: String?
    public var expires: Date

    public init(site: String, visitor: String, ticketID: Int64? = nil, userID: String? = nil, expires: Date) {
        self.site = site
        self.visitor = visitor
        self.ticketID = ticketID
        self.userID = userID
        self.expires = expires
    }

    enum CodingKeys: String, CodingKey {
        case site = "s"
        case visitor = "v"
        case ticketID = "t"
        case userID = "u"
        case expires = "e"
    }

    /// A new random visitor id (128 bits, hex).
    public static func newVisitorID() -> String { String(SecretToken.generate().prefix(32)) }
}

/// Signs and reads visitor tokens: `v1.<base64url JSON>.<hex HMAC-SHA256>` under a
/// server secret. The widget keeps the token in local storage, so the secret must
/// be the same on every node and across restarts (the rating-link secret is).
/// Signed rather than stored: a visitor costs no row until they write.
public struct VisitorTokenSigner: Sendable {
    // Key bytes, not a SymmetricKey, which is not Sendable in this swift-crypto.
    private let secret: Data

    /// A signer with `secret` (at least 16 characters); chat tokens get their own key derived from it.
    public init(secret: String) throws {
        guard secret.utf8.count >= 16 else {
            throw RatingLinkError("the visitor token secret must be at least 16 characters")
        }
        self.secret = Data(
            HMAC<SHA256>.authenticationCode(
                for: Data("ticketflow chat visitor tokens".utf8), using: SymmetricKey(data: Data(secret.utf8))))
    }

    /// The token for `token`'s fields.
    public func sign(_ token: VisitorToken) -> String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        encoder.outputFormatting = .sortedKeys
        let payload = Self.base64URL((try? encoder.encode(token)) ?? Data())
        return "v1.\(payload).\(signature(payload))"
    }

    /// The token's fields when it was signed here and has not expired at `now`; nil otherwise.
    public func read(_ text: String, at now: Date) -> VisitorToken? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard text.utf8.count <= 2048, parts.count == 3, parts[0] == "v1",
            SecretToken.constantTimeEquals(signature(String(parts[1])), String(parts[2])),
            let data = Self.data(base64URL: String(parts[1]))
        else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        guard let token = try? decoder.decode(VisitorToken.self, from: data), token.expires > now else { return nil }
        return token
    }

    private func signature(_ payload: String) -> String {
        SecretToken.hex(
            Array(HMAC<SHA256>.authenticationCode(for: Data(payload.utf8), using: SymmetricKey(data: secret))))
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func data(base64URL text: String) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64)
    }
}

/// Identity verification for a site's signed-in users, as Intercom and others do
/// it: the site's server computes the hex HMAC-SHA256 of the user id under the
/// site's secret and puts it in the page; a hash that does not match is refused.
public enum SiteIdentity {
    /// The hash a site's server puts in its pages for `userID`.
    public static func hash(userID: String, secret: String) -> String {
        SecretToken.hex(
            Array(HMAC<SHA256>.authenticationCode(for: Data(userID.utf8), using: SymmetricKey(data: Data(secret.utf8))))
        )
    }

    /// True when `hash` (hex, any case) is the site's signature of `userID`.
    public static func isValid(userID: String, hash: String, secret: String) -> Bool {
        SecretToken.constantTimeEquals(self.hash(userID: userID, secret: secret), hash.lowercased())
    }
}
