import Crypto
import Foundation

/// Random secrets (session cookies, CSRF tokens, API tokens) and their
/// stored form. Tokens carry 256 random bits, so a plain SHA-256 is enough
/// to store them: there is nothing to brute-force, unlike a password.
public enum SecretToken {
    /// A new random token: `prefix` plus 64 hex digits (256 bits).
    public static func generate(prefix: String = "") -> String {
        var generator = SystemRandomNumberGenerator()  // getrandom(2) on Linux: cryptographically secure
        var bytes = [UInt8](repeating: 0, count: 32)
        for index in bytes.indices { bytes[index] = generator.next() }
        return prefix + hex(bytes)
    }

    /// The SHA-256 of a token, as stored and looked up.
    public static func hash(_ token: String) -> String {
        hex(Array(SHA256.hash(data: Data(token.utf8))))
    }

    /// Compares two secrets in time independent of where they differ.
    public static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
