import Foundation

/// Detectors built from known identities: their email addresses, written in
/// any case, and their names, in full or word by word, as whole words.
enum PIIKnownPatterns {
    /// Run before the general detectors, so a known address is one value.
    static func emailDetector(_ identities: [KnownIdentity]) -> PIIDetector? {
        let emails = Set(identities.compactMap { $0.email?.lowercased() })
        guard !emails.isEmpty else { return nil }
        let alternatives = emails.sorted { $0.count > $1.count }.map(NSRegularExpression.escapedPattern(for:))
        return PIIDetector(
            kind: .email, mayOccur: { _, hasAt in hasAt },
            regex: .cached(wholeWords(alternatives), caseInsensitive: true), isValid: { _, _ in true })
    }

    /// Run after every other detector: a name inside an email address or a
    /// street address is already covered there, and must not split it.
    static func nameDetectors(_ identities: [KnownIdentity]) -> [PIIDetector] {
        var anyCase: [String] = []
        var capitalised: [String] = []
        for identity in identities {
            if let name = identity.name {
                let words = name.split(whereSeparator: \.isWhitespace)
                    .map { NSRegularExpression.escapedPattern(for: String($0)) }
                if words.count > 1 { anyCase.append(words.joined(separator: #"\s+"#)) }
            }
            for token in identity.nameTokens {
                if KnownIdentity.commonWords.contains(token.lowercased()) {
                    // "Will" the name, not "will" the verb: as written and as capitalised.
                    for form in Set([token, token.prefix(1).uppercased() + token.dropFirst().lowercased()]) {
                        capitalised.append(NSRegularExpression.escapedPattern(for: form))
                    }
                } else {
                    anyCase.append(NSRegularExpression.escapedPattern(for: token))
                }
            }
        }
        var detectors: [PIIDetector] = []
        // Longest first: at one position the full name wins over its first word.
        if !anyCase.isEmpty {
            detectors.append(detector(wholeWords(unique(anyCase)), caseInsensitive: true))
        }
        if !capitalised.isEmpty {
            detectors.append(detector(wholeWords(unique(capitalised)), caseInsensitive: false))
        }
        return detectors
    }

    static func detector(_ pattern: String, caseInsensitive: Bool) -> PIIDetector {
        PIIDetector(
            kind: .name, mayOccur: { _, _ in true }, regex: .cached(pattern, caseInsensitive: caseInsensitive),
            isValid: { _, _ in true })
    }

    /// Alternatives bounded by anything but a letter, digit or underscore on both sides.
    static func wholeWords(_ alternatives: [String]) -> String {
        #"(?<![\p{L}\p{N}_])(?:"# + alternatives.joined(separator: "|") + #")(?![\p{L}\p{N}_])"#
    }

    static func unique(_ patterns: [String]) -> [String] {
        var seen = Set<String>()
        return patterns.sorted { $0.count > $1.count }.filter { seen.insert($0).inserted }
    }
}
