import Foundation

/// A person's email address as accounts store and look it up: trimmed,
/// lower-cased and checked once here, so stores, services and routes compare
/// addresses without normalising them again.
public struct EmailAddress: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Longest accepted address (RFC 5321's path limit).
    public static let maximumLength = 254

    /// The normalised text, as stored.
    public let value: String

    /// The address in `text`, or nil when it is not one: at most 254
    /// characters, with an `@` that neither starts nor ends it.
    public init?(_ text: String) {
        let value = Self.normalized(text)
        guard value.count <= Self.maximumLength, value.contains("@"), !value.hasPrefix("@"), !value.hasSuffix("@")
        else { return nil }
        self.value = value
    }

    /// `text` trimmed and lower-cased, as an address is stored (also for
    /// naming text that turned out to be no address).
    public static func normalized(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    /// The address in `text`, or a `ValidationError` on `field` when it is not one.
    public init(validating text: String, field: String = "email") throws {
        guard let address = EmailAddress(text) else { throw ValidationError(field: field, "is not an email address") }
        self = address
    }

    public var description: String { value }

    public static func < (lhs: EmailAddress, rhs: EmailAddress) -> Bool { lhs.value < rhs.value }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let address = EmailAddress(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "not an email address"))
        }
        self = address
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}

extension EmailAddress: ExpressibleByStringLiteral {
    /// An address written in code (tests, fixtures); a literal that is no
    /// address is a programming error.
    public init(stringLiteral text: String) {
        guard let address = EmailAddress(text) else { preconditionFailure("'\(text)' is not an email address") }
        self = address
    }
}
