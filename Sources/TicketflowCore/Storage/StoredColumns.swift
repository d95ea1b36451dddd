import Foundation

/// JSON text columns for small nested values (tags, citations, trace
/// details, drafts), encoded the same way by every store so exports and
/// comparisons match.
public enum JSONColumn {
    /// The value as compact JSON with sorted keys.
    public static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// The value stored as JSON text.
    public static func decode<T: Decodable>(_ text: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(text.utf8))
    }
}

/// The dialect-free column conversions both stores share: dates are
/// seconds since 1970 in a double column, enums their raw text. A store
/// adopts it to call them as `Self.date(_:)` and `Self.enumValue(_:)`.
public protocol StoredColumnDecoding {}

extension StoredColumnDecoding {
    /// A date column (seconds since 1970).
    public static func date(_ seconds: Double) -> Date { Date(timeIntervalSince1970: seconds) }

    /// An enum column; text no case matches means the database holds a value
    /// this version does not know (`unavailable`, not a crash).
    public static func enumValue<E: RawRepresentable>(_ raw: String) throws -> E where E.RawValue == String {
        guard let value = E(rawValue: raw) else {
            throw StoreError(.unavailable, "stored value '\(raw)' is not a valid \(E.self)")
        }
        return value
    }
}
