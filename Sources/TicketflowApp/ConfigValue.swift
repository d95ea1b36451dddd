import Foundation
import TicketflowCore

/// A JSON value of the config file with the path it was found at, so every
/// refusal names the exact key ("priority_matrix.rules[2].route"). Written by
/// hand because `Codable` ignores unknown keys, and a misspelt key in a team's
/// setup must be refused, not silently dropped.
struct ConfigValue {
    let path: String
    let value: Any

    func error(_ reason: String) -> ConfigurationError {
        ConfigurationError("\(path): \(reason)")
    }

    /// The members of an object, refusing keys outside `allowed`.
    func object(allowed: Set<String>) throws -> [String: ConfigValue] {
        guard let object = value as? [String: Any] else { throw error("must be an object") }
        if let unknown = object.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw ConfigurationError(
                "\(path).\(unknown): unknown key; expected one of \(allowed.sorted().joined(separator: ", "))")
        }
        return object.reduce(into: [:]) { $0[$1.key] = ConfigValue(path: "\(path).\($1.key)", value: $1.value) }
    }

    /// Members of an object whose keys are names the caller checks.
    func members() throws -> [(key: String, value: ConfigValue)] {
        guard let object = value as? [String: Any] else { throw error("must be an object") }
        return object.keys.sorted().map { ($0, ConfigValue(path: "\(path).\($0)", value: object[$0]!)) }
    }

    func array() throws -> [ConfigValue] {
        guard let array = value as? [Any] else { throw error("must be an array") }
        return array.enumerated().map { ConfigValue(path: "\(path)[\($0.offset)]", value: $0.element) }
    }

    func string() throws -> String {
        guard let string = value as? String else { throw error("must be a string") }
        return string
    }

    /// A text people see as one line (a heading, a greeting): 1 to `limit` characters without
    /// control characters, since an empty or endless one shows as a broken panel.
    func line(upTo limit: Int) throws -> String {
        let text = try string()
        guard (1...limit).contains(text.count), !text.containsControlCharacters else {
            throw error("must be 1 to \(limit) characters on one line, got \(text.count) characters")
        }
        return text
    }

    /// JSON `true` or `false`, or either written as a string (`"true"`), as top-level settings take them too.
    func boolean() throws -> Bool {
        if let number = value as? NSNumber, number.isJSONBoolean { return number.boolValue }
        if let text = value as? String, text == "true" || text == "false" { return text == "true" }
        throw error("must be true or false")
    }

    func strings() throws -> [String] {
        try array().map { try $0.string() }
    }

    func number() throws -> Double {
        guard let number = value as? NSNumber, !number.isJSONBoolean else {
            throw error("must be a number")
        }
        return number.doubleValue
    }

    func integer(in range: ClosedRange<Int>) throws -> Int {
        let number = try number()
        guard number.rounded() == number, let integer = Int(exactly: number), range.contains(integer) else {
            // As written in the file: 100000, not Double's 100000.0.
            let written = Int(exactly: number).map(String.init) ?? "\(number)"
            throw error("must be an integer from \(range.lowerBound) to \(range.upperBound), got \(written)")
        }
        return integer
    }

    /// A string that names a case of `T`.
    func choice<T: RawRepresentable & CaseIterable>(of type: T.Type) throws -> T where T.RawValue == String {
        let raw = try string()
        guard let value = T(rawValue: raw) else {
            throw error(
                "\(ConfigurationError.quoted(raw)) is not one of " + T.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return value
    }
}

extension NSNumber {
    /// JSONSerialization gives NSNumber for numbers and booleans alike, and bridges either to Int
    /// or Bool; only the type code ("c") tells `true` from `1`.
    var isJSONBoolean: Bool { String(cString: objCType) == "c" }
}
