import Foundation

/// The detectors in priority order: earlier kinds win overlaps.
enum PIIPatterns {
    static let detectors: [PIIDetector] = [email, iban, card, labeledNationalID, nationalID, phone, address, postcode]

    static let email = PIIDetector(
        kind: .email,
        mayOccur: { _, hasAt in hasAt },
        regex: SendableRegex(#"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"#),
        isValid: { _, _ in true }
    )

    static let iban = PIIDetector(
        kind: .iban,
        mayOccur: { digits, _ in digits >= 8 },
        regex: SendableRegex(#"\b[A-Z]{2}[0-9]{2}(?:[ \-]?[A-Z0-9]){11,30}\b"#, caseInsensitive: true),
        isValid: { candidate, _ in PIIChecksums.isValidIBAN(candidate) },
        retriesShorterAtSpaces: true
    )

    /// 13–19 digits, Luhn-valid, in any grouping: the pattern finds runs of digit
    /// groups joined by spaces, dots, hyphens, slashes or underscores (mixed too),
    /// and `PIICardFinder` picks the card numbers out of each run.
    static let card = PIIDetector(
        kind: .card,
        mayOccur: { digits, _ in digits >= 13 },
        regex: SendableRegex(
            #"(?<![0-9])[0-9]+(?:(?:[ \t\x{00A0}]*[.\-/_\x{2010}-\x{2015}][ \t\x{00A0}]*|[ \t\x{00A0}]+)[0-9]+)*"#),
        isValid: { _, _ in false },
        split: { text, run in PIICardFinder.cards(in: text, run: run) }
    )

    /// A national id, passport or tax number right after a label that says so, in
    /// any writing ("SSN: 219099999", "social security number 219 09 9999",
    /// "passport no. X1234567"); only the value is replaced, the label stays.
    static let labeledNationalID = PIIDetector(
        kind: .nationalID,
        mayOccur: { digits, _ in digits >= 5 },
        regex: SendableRegex(
            #"\b(?:"# + nationalIDLabels.joined(separator: "|") + #")"#
                + #"[\s:#=,\-\x{2013}]*(?:(?:is|was|reads)[\s:#=,\-\x{2013}]+)?"#
                + #"([0-9](?:[ .\-/]?[0-9]){5,14}|[A-Z]{1,3} ?[0-9][A-Z0-9\-]{3,17})(?![\w])"#,
            caseInsensitive: true),
        isValid: { _, _ in true },
        captureGroup: 1
    )

    /// Labels (case-insensitive) after which a number is a national id, whatever its shape.
    static let nationalIDLabels = [
        "ssn", "ss#", #"ss no\.?"#, #"social[ \-]security(?:[ \-]?(?:number|num|no\.?|#))?"#,
        #"soc\.? ?sec\.?(?: ?(?:number|no\.?|#))?"#, #"(?:taxpayer|tax) id(?:entification)?(?: (?:number|no\.?|#))?"#,
        "itin", "ein", "tin", #"national (?:id|identity|insurance)(?: (?:card|number|no\.?|#))*"#,
        #"ni (?:number|no\.?)"#, "nino", #"passport(?: (?:number|no\.?|#))?"#, #"personal id(?: (?:number|no\.?|#))?"#,
        #"identity (?:card|number)(?: (?:number|no\.?|#))?"#, #"id card(?: (?:number|no\.?|#))?"#,
    ]

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
            #"(?<![\w+])(?:(?:\+|00)\d{1,3}[ .\-]?)?(?:\(\d{1,5}\)[ .\-]?)?\d{2,5}(?:[ .\-]\d{2,8}){1,4}(?![\w-])|(?<![\w+])\+\d{7,15}(?!\w)|(?<![\w+.\-])\d{7,12}(?![\w.\-])"#
        ),
        isValid: { candidate, before in
            let digits = candidate.filter(\.isNumber).count
            guard (7...15).contains(digits) else { return false }
            if candidate.range(of: #"^\d{3}-\d{2}-\d{4}$"#, options: .regularExpression) != nil {
                return false  // SSN-shaped, and rejected by the SSN rules
            }
            let groups = candidate.split(whereSeparator: { " .-".contains($0) })
            // A leading 00 is an international prefix only in a grouped number: "ref 00004587345" is not one.
            if candidate.hasPrefix("+") || candidate.hasPrefix("00") && groups.count > 1 || candidate.contains("(") {
                return true
            }
            // Dates and version-like dotted numbers are not phone numbers.
            if candidate.range(of: #"^\d{4}-\d{2}-\d{2}$"#, options: .regularExpression) != nil {
                return false
            }
            if candidate.contains("."), !candidate.contains(" "), !candidate.contains("-") {
                // ... except the dotted US form 555.123.4567.
                return candidate.range(of: #"^\d{3}\.\d{3}\.\d{4}$"#, options: .regularExpression) != nil
            }
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

    /// UK postcodes ("SW1A 2AA", "M1 1AE"), written in capitals as on an envelope.
    static let postcode = PIIDetector(
        kind: .address,
        mayOccur: { digits, _ in digits >= 2 },
        regex: SendableRegex(#"\b(?:[A-PR-UWYZ][A-HK-Y]?[0-9][A-Z0-9]?) ?[0-9][ABD-HJLNP-UW-Z]{2}\b"#),
        isValid: { _, _ in true }
    )
}
