import Crypto
import Foundation

/// The `Ticketflow-Signature` header, in the scheme Stripe documents:
/// `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the secret>`.
/// Signing the timestamp with the body lets a receiver refuse old
/// deliveries (replays) as well as forged ones.
public enum WebhookSignature {
    /// The header name.
    public static let header = "Ticketflow-Signature"

    /// The header value for `body` sent at `time`.
    public static func sign(body: [UInt8], secret: String, at time: Date) -> String {
        let timestamp = Int64(time.timeIntervalSince1970.rounded(.down))
        return "t=\(timestamp),v1=\(hex(mac(body: body, secret: secret, timestamp: timestamp)))"
    }

    /// Whether `header` signs `body` with `secret` and is at most `tolerance`
    /// seconds away from `now`: what a receiver checks (the Swift version of
    /// the receiver example in docs/channels.md, and what the tests use).
    public static func verify(
        header: String, body: [UInt8], secret: String, now: Date, tolerance: TimeInterval = 300
    ) -> Bool {
        var timestamp: Int64?
        var signatures: [String] = []
        for field in header.split(separator: ",") {
            let pair = field.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { continue }
            if pair[0] == "t" { timestamp = Int64(pair[1]) }
            if pair[0] == "v1" { signatures.append(pair[1]) }
        }
        guard let timestamp, abs(now.timeIntervalSince1970 - Double(timestamp)) <= tolerance else { return false }
        return signatures.contains { candidate in
            guard let bytes = bytes(hex: candidate) else { return false }
            // Constant-time comparison, so the answer time leaks nothing.
            return HMAC<SHA256>.isValidAuthenticationCode(
                bytes, authenticating: Array("\(timestamp).".utf8) + body,
                using: SymmetricKey(data: Array(secret.utf8)))
        }
    }

    /// A new signing secret: 32 random bytes, hex, with a prefix that says what it is.
    public static func makeSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        return "whsec_" + hex((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    static func mac(body: [UInt8], secret: String, timestamp: Int64) -> [UInt8] {
        Array(
            HMAC<SHA256>.authenticationCode(
                for: Array("\(timestamp).".utf8) + body, using: SymmetricKey(data: Array(secret.utf8))))
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String($0, radix: 16).leftPadded(to: 2) }.joined()
    }

    static func bytes(hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let byte = UInt8(String(decoding: digits[index..<index + 2], as: UTF8.self), radix: 16) else {
                return nil
            }
            bytes.append(byte)
        }
        return bytes
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
