import Foundation
import TicketflowText

/// Tokenising, light stemming and sentence splitting shared by the composer,
/// the grounding check and the judge, so that all three agree on what a
/// "content word" is. Words, stems and stop words come from TicketflowText
/// (its answering presets); sentence and list-step splitting live here.
public enum TextAnalysis {
    /// Lower-cased word tokens (letters and digits), punctuation dropped.
    public static func tokens(_ text: String) -> [String] {
        WordTokenizer.answering.words(text)
    }

    /// Content words of a text, stemmed, stop words removed, in order.
    public static func contentWords(_ text: String) -> [String] {
        tokens(text).compactMap { token in
            if stopWords.contains(token) { return nil }
            if token.count < 2, token.first?.isNumber != true { return nil }
            return stem(token)
        }
    }

    /// The light stem of a word ("refunds" → "refund", "cancelling" → "cancel").
    public static func stem(_ word: String) -> String {
        EnglishStemmer.light.stem(word)
    }

    /// Splits text into sentences; each numbered or bulleted line is its own
    /// sentence so steps survive intact. Pure Swift on purpose: the Foundation
    /// string calls this replaced dominated the stage's latency on Linux.
    public static func sentences(_ text: String) -> [String] {
        var result: [String] = []
        for rawLine in text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            let line = trimmed(rawLine)
            if line.isEmpty { continue }
            if stepNumber(of: line) != nil || line.hasPrefix("- ") || line.hasPrefix("* ") {
                result.append(String(line))
                continue
            }
            splitSentences(in: line, into: &result)
        }
        return result
    }

    /// The text without leading and trailing spaces, tabs and newlines.
    static func trimmed<S: StringProtocol>(_ text: S) -> Substring where S.SubSequence == Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0.isNewline }
        guard let first = text.firstIndex(where: { !isSpace($0) }) else { return Substring() }
        let last = text.lastIndex(where: { !isSpace($0) })!
        return text[first...last]
    }

    private static func splitSentences(in line: Substring, into result: inout [String]) {
        // Walks UTF-8 bytes: the terminators and the space after them are ASCII,
        // so every index found is a valid String index, and this is much faster
        // than walking Characters.
        let utf8 = line.utf8
        var start = line.startIndex
        var index = utf8.startIndex
        while index < utf8.endIndex {
            let byte = utf8[index]
            let next = utf8.index(after: index)
            guard byte == 0x2E || byte == 0x21 || byte == 0x3F, next < utf8.endIndex, utf8[next] == 0x20 else {
                index = next
                continue
            }
            let afterNext = utf8.index(after: next)
            // End of sentence only before a capital, digit, quote or bracket, so
            // "e.g. this" and "3.5" stay whole.
            var endsSentence = true
            if afterNext < utf8.endIndex {
                let follower = utf8[afterNext]
                if follower < 0x80 {
                    endsSentence =
                        (follower >= 0x41 && follower <= 0x5A) || (follower >= 0x30 && follower <= 0x39)
                        || follower == 0x22 || follower == 0x27 || follower == 0x5B || follower == 0x28
                } else {
                    endsSentence = line[afterNext...].first?.isUppercase ?? false
                }
            }
            let through = utf8.index(after: index)
            if endsSentence, !isAbbreviation(line[start..<through]) {
                let sentence = trimmed(line[start..<through])
                if !sentence.isEmpty { result.append(String(sentence)) }
                start = next
            }
            index = next
        }
        let rest = trimmed(line[start...])
        if !rest.isEmpty { result.append(String(rest)) }
    }

    private static let abbreviations: Set<String> = ["e.g.", "i.e.", "etc.", "mr.", "mrs.", "dr.", "st.", "vs.", "no."]

    private static func isAbbreviation(_ text: Substring) -> Bool {
        let lastSpace = text.lastIndex(of: " ").map { text.index(after: $0) } ?? text.startIndex
        let lastWord = text[lastSpace...]
        return lastWord.count <= 4 && abbreviations.contains(lastWord.lowercased())
    }

    /// The step number when a line starts like "3." or "3)", otherwise nil.
    public static func stepNumber<S: StringProtocol>(of line: S) -> Int? where S.SubSequence == Substring {
        let text = trimmed(line)
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 2 else { return nil }
        let rest = text[digits.endIndex...]
        guard let marker = rest.first, marker == "." || marker == ")",
            rest.dropFirst().first == " "
        else { return nil }
        return Int(digits)
    }

    /// The line without its "3. " or "- " prefix.
    public static func strippingListMarker(_ line: String) -> String {
        let text = trimmed(line)
        if stepNumber(of: text) != nil {
            let digits = text.prefix { $0.isASCII && $0.isNumber }
            return String(trimmed(text.dropFirst(digits.count + 1)))
        }
        if text.hasPrefix("- ") || text.hasPrefix("* ") {
            return String(text.dropFirst(2))
        }
        return String(text)
    }

    /// Words that carry no topic: function words and support-chat filler.
    public static let stopWords: Set<String> = StopWords.topicless
}
