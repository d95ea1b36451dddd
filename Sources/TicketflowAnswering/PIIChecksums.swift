/// Checksums that separate real card numbers and IBANs from look-alike digit runs
/// (order numbers, tracking codes), so those stay readable.
public enum PIIChecksums {
    /// Luhn check over the digits of a string (separators ignored).
    public static func passesLuhn(_ text: String) -> Bool {
        let digits = text.compactMap(\.wholeNumberValue)
        guard digits.count >= 2 else { return false }
        var sum = 0
        for (offset, digit) in digits.reversed().enumerated() {
            if offset % 2 == 1 {
                let doubled = digit * 2
                sum += doubled > 9 ? doubled - 9 : doubled
            } else {
                sum += digit
            }
        }
        return sum % 10 == 0
    }

    /// ISO 13616 mod-97 check of an IBAN (spaces and hyphens ignored, case-insensitive).
    public static func isValidIBAN(_ text: String) -> Bool {
        let compact = text.uppercased().filter { !$0.isWhitespace && $0 != "-" }
        guard compact.count >= 15, compact.count <= 34,
            compact.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }),
            compact.prefix(2).allSatisfy(\.isLetter),
            compact.dropFirst(2).prefix(2).allSatisfy(\.isNumber)
        else { return false }
        let rearranged = compact.dropFirst(4) + compact.prefix(4)
        var remainder = 0
        for char in rearranged {
            if let digit = char.wholeNumberValue {
                remainder = (remainder * 10 + digit) % 97
            } else if let ascii = char.asciiValue {
                // Letters count as two digits: A = 10 ... Z = 35.
                remainder = (remainder * 100 + Int(ascii) - 55) % 97
            }
        }
        return remainder == 1
    }

    /// US social security number rules: no 000/666/9xx area, no 00 group, no 0000 serial.
    public static func isPlausibleSSN(_ text: String) -> Bool {
        let digits = text.compactMap(\.wholeNumberValue)
        guard digits.count == 9 else { return false }
        let area = digits[0] * 100 + digits[1] * 10 + digits[2]
        let group = digits[3] * 10 + digits[4]
        let serial = digits[5...].reduce(0) { $0 * 10 + $1 }
        return area != 0 && area != 666 && area < 900 && group != 0 && serial != 0
    }
}
