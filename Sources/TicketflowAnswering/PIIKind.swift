import Foundation
/// The kinds of personal data the redactor replaces, each with its placeholder tag.
public enum PIIKind: String, Codable, Sendable, CaseIterable {
    case email
    case phone
    case card
    case iban
    case nationalID = "national_id"
    case address
    /// The known customer's name (see `KnownIdentity`): there is no pattern for names in general.
    case name

    /// The tag inside a placeholder, e.g. "EMAIL" in "[EMAIL_1]".
    public var placeholderTag: String {
        switch self {
        case .email: "EMAIL"
        case .phone: "PHONE"
        case .card: "CARD"
        case .iban: "IBAN"
        case .nationalID: "NATIONAL_ID"
        case .address: "ADDRESS"
        case .name: "NAME"
        }
    }
}

/// One piece of personal data found in a text and what replaced it.
public struct PIIFinding: Sendable, Equatable {
    /// What kind of data it is.
    public var kind: PIIKind
    /// The original text (keep it away from logs).
    public var value: String
    /// What replaced it, e.g. "[EMAIL_1]".
    public var placeholder: String

    /// Creates a finding.
    public init(kind: PIIKind, value: String, placeholder: String) {
        self.kind = kind
        self.value = value
        self.placeholder = placeholder
    }
}

/// A text with its personal data replaced by typed placeholders.
public struct RedactedText: Sendable, Equatable {
    /// The text safe to send out of the process or to log.
    public var text: String
    /// Every occurrence found, in text order (repeats share a placeholder).
    public var findings: [PIIFinding]

    /// Creates a redaction result.
    public init(text: String, findings: [PIIFinding]) {
        self.text = text
        self.findings = findings
    }

    /// Placeholder → original value, for putting values back into a reply an agent reviews.
    public var placeholders: [String: String] {
        var map: [String: String] = [:]
        for finding in findings where map[finding.placeholder] == nil {
            map[finding.placeholder] = finding.value
        }
        return map
    }

    /// How many distinct values of each kind were replaced, e.g. ["email": 1].
    public var countsByKind: [PIIKind: Int] {
        var distinct: [PIIKind: Set<String>] = [:]
        for finding in findings { distinct[finding.kind, default: []].insert(finding.placeholder) }
        return distinct.mapValues(\.count)
    }

    /// Puts the original values back in place of placeholders (e.g. in an LLM reply).
    public func restoring(in reply: String) -> String {
        var restored = reply
        for (placeholder, value) in placeholders.sorted(by: { $0.key.count > $1.key.count }) {
            restored = restored.replacingOccurrences(of: placeholder, with: value)
        }
        return restored
    }
}
