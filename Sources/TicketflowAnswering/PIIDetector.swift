import Foundation
import Synchronization

/// One pattern plus the validation that keeps look-alikes out.
struct PIIDetector: Sendable {
    var kind: PIIKind
    /// Cheap test on the whole text's digit count and "@" presence; the regex
    /// only runs when it passes (most tickets have no PII and few digits).
    var mayOccur: @Sendable (_ digits: Int, _ hasAt: Bool) -> Bool
    var regex: SendableRegex
    /// Validates a candidate; the second argument is the text just before it
    /// (up to 24 characters), for rules that need context ("call me on ...").
    var isValid: @Sendable (_ candidate: String, _ before: Substring) -> Bool
    /// Also try shorter candidates cut at spaces: a greedy IBAN pattern can run
    /// into the next word ("... 7654 32 AND ...") and only a prefix is valid.
    var retriesShorterAtSpaces = false
    /// The capture group that holds the value (0: the whole match), for patterns
    /// that match a label too ("SSN: 219099999") but redact only the value.
    var captureGroup = 0
    /// Turns one match into the values inside it, replacing `isValid`: a run of
    /// digit groups may hold a card number that is only part of it.
    var split: (@Sendable (_ text: String, _ match: Range<String.Index>) -> [Range<String.Index>])?

    func ranges(in text: String) -> [Range<String.Index>] {
        let nsRange = NSRange(text.startIndex..., in: text)
        return regex.value.matches(in: text, range: nsRange).flatMap { result -> [Range<String.Index>] in
            guard let range = Range(result.range(at: captureGroup), in: text) else { return [] }
            if let split { return split(text, range) }
            return validated(Self.trimTrailingPunctuation(range, in: text), in: text).map { [$0] } ?? []
        }
    }

    private func validated(_ range: Range<String.Index>, in text: String) -> Range<String.Index>? {
        var candidate = range
        while true {
            let before = text[..<candidate.lowerBound].suffix(24)
            if isValid(String(text[candidate]), before) { return candidate }
            guard retriesShorterAtSpaces,
                let space = text[candidate].lastIndex(where: { $0 == " " || $0 == "-" })
            else { return nil }
            candidate = candidate.lowerBound..<space
        }
    }

    private static func trimTrailingPunctuation(
        _ range: Range<String.Index>, in text: String
    ) -> Range<String.Index> {
        var upper = range.upperBound
        while upper > range.lowerBound {
            let previous = text.index(before: upper)
            guard ",;:".contains(text[previous]) || text[previous].isWhitespace else { break }
            upper = previous
        }
        return range.lowerBound..<upper
    }
}

/// NSRegularExpression is immutable after creation and documented as safe to
/// share between threads; this box says so to the compiler.
struct SendableRegex: @unchecked Sendable {
    let value: NSRegularExpression

    init(_ pattern: String, caseInsensitive: Bool = false) {
        // The patterns are literals in this file; a bad one is a programming error.
        // swiftlint:disable:next force_try
        value = try! NSRegularExpression(
            pattern: pattern, options: caseInsensitive ? [.caseInsensitive] : [])
    }

    /// The compiled pattern, reused: known-identity patterns are built per
    /// ticket from the customer's name and email, and the same customer writes
    /// again, so compiling each time cost intake a share of its throughput.
    /// Bounded: the cache is emptied when it reaches `cacheLimit` patterns.
    static func cached(_ pattern: String, caseInsensitive: Bool) -> SendableRegex {
        let key = (caseInsensitive ? "i:" : "c:") + pattern
        if let hit = cache.withLock({ $0[key] }) { return hit }
        let regex = SendableRegex(pattern, caseInsensitive: caseInsensitive)
        cache.withLock { cache in
            if cache.count >= cacheLimit { cache.removeAll(keepingCapacity: true) }
            cache[key] = regex
        }
        return regex
    }

    static let cacheLimit = 4096
    private static let cache = Mutex<[String: SendableRegex]>([:])
}
