extension EnglishStemmer {
    /// A deliberately small suffix stripper: enough to match "refunds" with
    /// "refund" and "cancelling" with "cancel", cheap enough for every sentence
    /// (it works on UTF-8 bytes; String.hasSuffix is Unicode-aware and slow).
    static func lightStem(_ word: String) -> String {
        var bytes = Array(word.utf8)
        guard bytes.count > 3, let first = bytes.first, (first >= 97 && first <= 122) || first >= 128 else {
            return word
        }
        for rule in lightSuffixRules
        where bytes.count > rule.suffix.count && bytes.suffix(rule.suffix.count).elementsEqual(rule.suffix) {
            let kept = bytes.count - rule.suffix.count
            guard kept + rule.replacement.count >= 3 else { continue }
            bytes.removeLast(rule.suffix.count)
            bytes.append(contentsOf: rule.replacement)
            collapseDoubleEnding(&bytes)
            return String(decoding: bytes, as: UTF8.self)
        }
        return word
    }

    /// "cancell" -> "cancel", "stopp" -> "stop", but "pass" and "buzz" stay.
    private static func collapseDoubleEnding(_ bytes: inout [UInt8]) {
        guard bytes.count >= 4, bytes[bytes.count - 1] == bytes[bytes.count - 2] else { return }
        let last = bytes[bytes.count - 1]
        if last == UInt8(ascii: "s") || last == UInt8(ascii: "z") { return }
        if last == UInt8(ascii: "l"), bytes.count < 5 { return }
        bytes.removeLast()
    }

    private static let lightSuffixRules: [(suffix: [UInt8], replacement: [UInt8])] = [
        ("ational", "ate"), ("ization", "ize"), ("fulness", "ful"), ("iveness", "ive"),
        ("ations", "ate"), ("ation", "ate"), ("ments", ""), ("ment", ""), ("ingly", ""),
        ("ies", "y"), ("ied", "y"), ("ing", ""), ("edly", ""), ("ed", ""), ("ly", ""),
        ("es", ""), ("s", ""),
    ].map { (Array($0.0.utf8), Array($0.1.utf8)) }
}
