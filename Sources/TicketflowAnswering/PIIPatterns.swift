import Foundation

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

    func ranges(in text: String) -> [Range<String.Index>] {
        let nsRange = NSRange(text.startIndex..., in: text)
        return regex.value.matches(in: text, range: nsRange).compactMap { result in
            guard let range = Range(result.range, in: text) else { return nil }
            var candidate = Self.trimTrailingPunctuation(range, in: text)
            while true {
                let before = text[..<candidate.lowerBound].suffix(24)
                if isValid(String(text[candidate]), before) { return candidate }
                guard retriesShorterAtSpaces,
                    let space = text[candidate].lastIndex(of: " ")
                else { return nil }
                candidate = candidate.lowerBound..<space
            }
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
}

/// The detectors in priority order: earlier kinds win overlaps.
enum PIIPatterns {
    static let detectors: [PIIDetector] = [email, iban, card, nationalID, phone, address]

    static let email = PIIDetector(
        kind: .email,
        mayOccur: { _, hasAt in hasAt },
        regex: SendableRegex(#"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"#),
        isValid: { _, _ in true }
    )

    static let iban = PIIDetector(
        kind: .iban,
        mayOccur: { digits, _ in digits >= 8 },
        regex: SendableRegex(#"\b[A-Z]{2}[0-9]{2}(?:[ ]?[A-Z0-9]){11,30}\b"#, caseInsensitive: true),
        isValid: { candidate, _ in PIIChecksums.isValidIBAN(candidate) },
        retriesShorterAtSpaces: true
    )

    /// 13–19 digits, optionally grouped by spaces or dashes, Luhn-valid.
    static let card = PIIDetector(
        kind: .card,
        mayOccur: { digits, _ in digits >= 13 },
        regex: SendableRegex(#"(?<![\d-])\d(?:[ \-]?\d){12,18}(?![\d-])"#),
        isValid: { candidate, before in
            let digits = candidate.filter(\.isNumber)
            return (13...19).contains(digits.count) && PIIChecksums.passesLuhn(digits)
        }
    )

    /// US SSN (123-45-6789) and UK National Insurance numbers (QQ 12 34 56 C).
    static let nationalID = PIIDetector(
        kind: .nationalID,
        mayOccur: { digits, _ in digits >= 6 },
        regex: SendableRegex(
            #"(?<![\d-])\d{3}-\d{2}-\d{4}(?![\d-])|\b(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b"#
        ),
        isValid: { candidate, before in
            candidate.first?.isNumber == true ? PIIChecksums.isPlausibleSSN(candidate) : true
        }
    )

    /// International (+44 ...), bracketed area codes, or grouped local numbers.
    /// Bare digit runs are not phones: they are usually order numbers.
    static let phone = PIIDetector(
        kind: .phone,
        mayOccur: { digits, _ in digits >= 7 },
        regex: SendableRegex(
            #"(?<![\w+])(?:(?:\+|00)\d{1,3}[ .\-]?)?(?:\(\d{1,5}\)[ .\-]?)?\d{2,5}(?:[ .\-]\d{2,8}){1,4}(?![\w-])|(?<![\w+])\+\d{7,15}(?!\w)"#
        ),
        isValid: { candidate, before in
            let digits = candidate.filter(\.isNumber).count
            guard (7...15).contains(digits) else { return false }
            if candidate.range(of: #"^\d{3}-\d{2}-\d{4}$"#, options: .regularExpression) != nil {
                return false  // SSN-shaped, and rejected by the SSN rules
            }
            if candidate.hasPrefix("+") || candidate.hasPrefix("00") || candidate.contains("(") {
                return true
            }
            // Dates and version-like dotted numbers are not phone numbers.
            if candidate.range(of: #"^\d{4}-\d{2}-\d{2}$"#, options: .regularExpression) != nil {
                return false
            }
            if candidate.contains("."), !candidate.contains(" "), !candidate.contains("-") {
                return false
            }
            let groups = candidate.split(whereSeparator: { " .-".contains($0) })
            if groups.count >= 2 && digits >= 9 || groups.count >= 3 { return true }
            // Short local numbers ("555 1234") only when the words before say phone.
            let context = before.lowercased()
            return phoneContextWords.contains { context.contains($0) }
        }
    )

    static let phoneContextWords = ["call", "phone", "tel", "mobile", "cell", "whatsapp", "text me", "sms", "reach me"]

    /// "221B Baker Street", "1600 Pennsylvania Ave NW, Washington, DC 20500",
    /// "Hauptstraße 5".
    static let address = PIIDetector(
        kind: .address,
        mayOccur: { digits, _ in digits >= 1 },
        regex: SendableRegex(
            #"\b\d{1,5}[A-Za-z]?,? (?:[A-Z][A-Za-z'\-]*\.? ){0,3}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Close|Square|Sq|Parkway|Pkwy|Highway|Hwy|Crescent|Gardens|Row|Mews)\b\.?(?: (?:N|S|E|W|NE|NW|SE|SW)\b)?(?:,? (?:Apt|Apartment|Suite|Unit|Flat|#) ?[A-Za-z0-9\-]+)?(?:, [A-Z][A-Za-z]+(?: [A-Z][A-Za-z]+)?)?(?:,? [A-Z]{2} \d{5}(?:-\d{4})?)?|\b[A-ZÄÖÜ][a-zäöüß]+(?:straße|strasse|weg|gasse|platz|allee|ring) \d{1,4}[a-z]?\b"#
        ),
        isValid: { _, _ in true }
    )
}
