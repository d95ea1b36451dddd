import Foundation

/// Replaces personal data with typed placeholders ([EMAIL_1], [CARD_1], ...)
/// before text leaves the process or reaches a log.
///
/// Hand-written patterns because no package on the approved list does PII
/// detection in Swift, and the rules need checksums (Luhn for cards, mod-97 for
/// IBANs) that plain patterns cannot express: an order number that fails Luhn
/// must stay readable for the agent and the model.
///
/// Names have no general pattern: a redactor told who the customer is
/// (`with(known:)`) also replaces that person's name and email wherever they
/// appear, e.g. "Hi Jane" in an agent's edit.
public struct PIIRedactor: Sendable {
    /// Which kinds to redact; all by default.
    public var kinds: Set<PIIKind>
    /// People whose name and email are redacted wherever they appear.
    public private(set) var known: [KnownIdentity] = []
    private var knownEmails: PIIDetector?
    private var knownNames: [PIIDetector] = []

    /// Creates a redactor for the given kinds.
    public init(kinds: Set<PIIKind> = Set(PIIKind.allCases)) {
        self.kinds = kinds
    }

    /// This redactor, also redacting the given people's names and emails.
    public func with(known identities: [KnownIdentity]) -> PIIRedactor {
        let added = identities.filter { !$0.isEmpty && !known.contains($0) }
        guard !added.isEmpty else { return self }
        var copy = self
        copy.known += added
        copy.knownEmails = PIIKnownPatterns.emailDetector(copy.known)
        copy.knownNames = PIIKnownPatterns.nameDetectors(copy.known)
        return copy
    }

    /// This redactor, also redacting one person's name and email (unchanged for nil).
    public func with(known identity: KnownIdentity?) -> PIIRedactor {
        with(known: identity.map { [$0] } ?? [])
    }

    /// The text with every detected value cut out (no placeholder): for search
    /// queries, where a placeholder's letters would match unrelated articles.
    public func removing(from text: String) -> String {
        let redacted = redact(text)
        return redacted.placeholders.keys.reduce(redacted.text) { $0.replacingOccurrences(of: $1, with: " ") }
    }

    /// The text with every detected value replaced; the same value gets the same placeholder.
    public func redact(_ text: String) -> RedactedText {
        guard !text.isEmpty else { return RedactedText(text: text, findings: []) }
        let matches = acceptedMatches(in: text)
        guard !matches.isEmpty else { return RedactedText(text: text, findings: []) }

        var placeholderByKey: [String: String] = [:]
        var nextNumber: [PIIKind: Int] = [:]
        var findings: [PIIFinding] = []
        var output = ""
        var cursor = text.startIndex
        for match in matches {
            output += text[cursor..<match.range.lowerBound]
            let value = String(text[match.range])
            let key = match.kind.rawValue + ":" + Self.normalisedKey(value, kind: match.kind)
            let placeholder: String
            if let known = placeholderByKey[key] {
                placeholder = known
            } else {
                let number = nextNumber[match.kind, default: 0] + 1
                nextNumber[match.kind] = number
                placeholder = "[\(match.kind.placeholderTag)_\(number)]"
                placeholderByKey[key] = placeholder
            }
            findings.append(PIIFinding(kind: match.kind, value: value, placeholder: placeholder))
            output += placeholder
            cursor = match.range.upperBound
        }
        output += text[cursor...]
        return RedactedText(text: output, findings: findings)
    }

    /// Same value written differently ("4111 1111..." vs "4111-1111...") is one value.
    static func normalisedKey(_ value: String, kind: PIIKind) -> String {
        switch kind {
        case .card, .phone, .nationalID, .iban:
            value.uppercased().filter { $0.isLetter || $0.isNumber }
        case .email, .address, .name:
            value.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
    }

    struct Match {
        var kind: PIIKind
        var range: Range<String.Index>
    }

    /// Candidates from every detector, validated, then overlaps resolved in
    /// priority order (an IBAN's digits must not also become a phone number).
    private func acceptedMatches(in text: String) -> [Match] {
        var accepted: [Match] = []
        var digits = 0
        var hasAt = false
        for scalar in text.unicodeScalars {
            if scalar.value >= 48, scalar.value <= 57 { digits += 1 } else if scalar == "@" { hasAt = true }
        }
        let detectors = (knownEmails.map { [$0] } ?? []) + PIIPatterns.detectors + knownNames
        for detector in detectors where kinds.contains(detector.kind) && detector.mayOccur(digits, hasAt) {
            for range in detector.ranges(in: text) {
                let overlaps = accepted.contains { $0.range.overlaps(range) }
                if !overlaps { accepted.append(Match(kind: detector.kind, range: range)) }
            }
        }
        return accepted.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }
}
