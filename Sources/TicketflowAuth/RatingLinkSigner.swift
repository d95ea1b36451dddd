import Crypto
import Foundation

/// Signed one-click rating links for emails: `/v1/ratings/{ticket}/{expires}/{signature}?score=N`.
/// The signature is an HMAC-SHA256 of ticket and expiry under a server
/// secret, so a link rates only its own ticket, only until it expires, and
/// cannot be forged or edited to rate another ticket.
public struct RatingLinkSigner: Sendable {
    // The key bytes, not a SymmetricKey, which is not Sendable in this swift-crypto.
    private let secret: Data

    /// A signer with `secret` (at least 16 characters).
    public init(secret: String) throws {
        guard secret.utf8.count >= 16 else {
            throw RatingLinkError("the rating link secret must be at least 16 characters")
        }
        self.secret = Data(secret.utf8)
    }

    /// The path (without score) of a link for `ticketID` valid until `expires`.
    public func path(ticketID: Int64, expires: Date) -> String {
        let seconds = Int64(expires.timeIntervalSince1970)
        return "/v1/ratings/\(ticketID)/\(seconds)/\(signature(ticketID: ticketID, expires: seconds))"
    }

    /// True when the signature belongs to this ticket and expiry; expiry is checked separately.
    public func isValid(ticketID: Int64, expires: Int64, signature: String) -> Bool {
        SecretToken.constantTimeEquals(self.signature(ticketID: ticketID, expires: expires), signature)
    }

    func signature(ticketID: Int64, expires: Int64) -> String {
        let mac = HMAC<SHA256>.authenticationCode(
            for: Data("rating:\(ticketID):\(expires)".utf8), using: SymmetricKey(data: secret))
        return SecretToken.hex(Array(mac))
    }
}

/// A rating link that cannot be made or used.
public struct RatingLinkError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
