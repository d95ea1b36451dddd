import Foundation

/// Tokenising, light stemming and sentence splitting shared by the composer,
/// the grounding check and the judge, so that all three agree on what a
/// "content word" is. Hand-written because the checks need a deterministic,
/// dependency-free notion of overlap; the retrieval target owns the real
/// stemmer and BM25, and answering must not depend on it.
public enum TextAnalysis {
    /// Lower-cased word tokens (letters and digits), punctuation dropped.
    public static func tokens(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        for scalar in text.unicodeScalars {
            if CharacterSet.alphanumerics.contains(scalar) {
                current.unicodeScalars.append(scalar)
            } else if scalar == "'" || scalar == "\u{2019}" {
                continue  // "don't" -> "dont", so contractions stay one token
            } else if !current.isEmpty {
                result.append(current.lowercased())
                current = ""
            }
        }
        if !current.isEmpty { result.append(current.lowercased()) }
        return result
    }

    /// Content words of a text, stemmed, stop words removed, in order.
    public static func contentWords(_ text: String) -> [String] {
        tokens(text).compactMap { token in
            if stopWords.contains(token) { return nil }
            if token.count < 2, token.first?.isNumber != true { return nil }
            return stem(token)
        }
    }

    /// A deliberately small suffix stripper: enough to match "refunds" with
    /// "refund" and "cancelling" with "cancel", cheap enough for every sentence.
    public static func stem(_ word: String) -> String {
        guard word.count > 3, word.first?.isLetter == true else { return word }
        for (suffix, replacement) in suffixRules where word.hasSuffix(suffix) {
            let stemmed = String(word.dropLast(suffix.count)) + replacement
            if stemmed.count >= 3 { return collapseDoubleEnding(stemmed) }
        }
        return word
    }

    private static func collapseDoubleEnding(_ word: String) -> String {
        let chars = Array(word)
        if chars.count >= 4, chars[chars.count - 1] == chars[chars.count - 2],
            !"lsz".contains(chars[chars.count - 1])
        {
            return String(chars.dropLast())
        }
        if word.hasSuffix("ll"), chars.count >= 5 { return String(chars.dropLast()) }
        return word
    }

    private static let suffixRules: [(String, String)] = [
        ("ational", "ate"), ("ization", "ize"), ("fulness", "ful"), ("iveness", "ive"),
        ("ations", "ate"), ("ation", "ate"), ("ments", ""), ("ment", ""), ("ingly", ""),
        ("ies", "y"), ("ied", "y"), ("ing", ""), ("edly", ""), ("ed", ""), ("ly", ""),
        ("es", ""), ("s", ""),
    ]

    /// Splits text into sentences; each numbered or bulleted line is its own
    /// sentence so steps survive intact.
    public static func sentences(_ text: String) -> [String] {
        var result: [String] = []
        for rawLine in text.components(separatedBy: .newlines) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            if stepNumber(of: line) != nil || line.hasPrefix("- ") || line.hasPrefix("* ") {
                result.append(line)
                continue
            }
            result.append(contentsOf: splitSentences(in: line))
        }
        return result
    }

    private static func splitSentences(in line: String) -> [String] {
        var result: [String] = []
        var current = ""
        let chars = Array(line)
        for (index, char) in chars.enumerated() {
            current.append(char)
            guard ".!?".contains(char) else { continue }
            let next = index + 1 < chars.count ? chars[index + 1] : " "
            let afterNext = index + 2 < chars.count ? chars[index + 2] : "A"
            // End of sentence only before whitespace and a capital, digit or quote,
            // so "e.g. this" and "3.5" stay whole.
            guard next == " ", afterNext.isUppercase || afterNext.isNumber || "\"'[(".contains(afterNext)
            else { continue }
            if isAbbreviation(current) { continue }
            let trimmed = current.trimmingCharacters(in: .whitespaces)
            if !trimmed.isEmpty { result.append(trimmed) }
            current = ""
        }
        let trimmed = current.trimmingCharacters(in: .whitespaces)
        if !trimmed.isEmpty { result.append(trimmed) }
        return result
    }

    private static func isAbbreviation(_ text: String) -> Bool {
        let lastWord = text.split(separator: " ").last.map(String.init)?.lowercased() ?? ""
        return ["e.g.", "i.e.", "etc.", "mr.", "mrs.", "dr.", "st.", "vs.", "no."].contains(lastWord)
    }

    /// The step number when a line starts like "3." or "3)", otherwise nil.
    public static func stepNumber(of line: String) -> Int? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        let digits = trimmed.prefix { $0.isNumber }
        guard !digits.isEmpty, digits.count <= 2 else { return nil }
        let rest = trimmed.dropFirst(digits.count)
        guard let marker = rest.first, marker == "." || marker == ")",
            rest.dropFirst().first == " "
        else { return nil }
        return Int(digits)
    }

    /// The line without its "3. " or "- " prefix.
    public static func strippingListMarker(_ line: String) -> String {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if stepNumber(of: trimmed) != nil {
            let digits = trimmed.prefix { $0.isNumber }
            return String(trimmed.dropFirst(digits.count + 1)).trimmingCharacters(in: .whitespaces)
        }
        if trimmed.hasPrefix("- ") || trimmed.hasPrefix("* ") {
            return String(trimmed.dropFirst(2))
        }
        return trimmed
    }

    /// Words that carry no topic: function words and support-chat filler.
    public static let stopWords: Set<String> = [
        "a", "an", "the", "and", "or", "but", "if", "then", "so", "of", "to", "in", "on", "at",
        "by", "for", "with", "from", "into", "onto", "about", "as", "is", "are", "was", "were",
        "be", "been", "being", "am", "do", "does", "did", "doing", "done", "have", "has", "had",
        "having", "i", "me", "my", "mine", "we", "us", "our", "ours", "you", "your", "yours",
        "he", "she", "it", "its", "they", "them", "their", "this", "that", "these", "those",
        "there", "here", "what", "which", "who", "whom", "whose", "when", "where", "why", "how",
        "can", "could", "would", "should", "will", "shall", "may", "might", "must", "not", "no",
        "nor", "too", "very", "just", "also", "any", "all", "some", "each", "every", "both",
        "more", "most", "other", "such", "only", "own", "same", "than", "up", "down", "out",
        "over", "under", "again", "further", "once", "dont", "cant", "wont", "im", "ive", "id",
        "youre", "its", "please", "hi", "hello", "hey", "thanks", "thank", "regards", "dear",
        "need", "want", "wanna", "like", "get", "got", "help", "know", "let", "able", "tell",
        "way", "trying", "try", "still", "yet", "now", "already", "really", "ok", "okay",
        "yes", "one", "anyone", "someone", "something", "anything", "via", "per", "while",
        "after", "before", "because", "until", "during", "without", "within", "through",
    ]
}
