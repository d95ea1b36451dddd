import Foundation
import TicketflowText

/// What a translation must show before it stands in for the original, checked without a second model:
/// - it is in the language asked for (the language identifier, with the language rule's margin for close
///   calls, so Galician asked for and read as Spanish passes);
/// - it keeps every digit run, URL, email address, placeholder and source marker of the original, so no
///   price, deadline, link or citation is dropped or changed;
/// - its length is not out of all proportion to the original's (a cut-off or runaway reply).
/// What it cannot see, a meaning turned around with every fact kept, is the back-translation's job
/// (`AnsweringStage`): the answer as the customer would read it is put back and gated again.
public struct TranslationCheck: Sendable {
    public var identifier: LanguageIdentifier
    public var margin: Double
    /// Letters in the translation over letters in the original, outside this range, fail. Wide, because
    /// Chinese or Japanese take a third of English's letters and German more.
    public var letterRatio: ClosedRange<Double> = 0.2...5

    public init(identifier: LanguageIdentifier = .builtIn, margin: Double = LanguageRule.defaultMargin) {
        self.identifier = identifier
        self.margin = margin
    }

    /// Why `translation` does not stand in for `original` in language `target`; empty when it does.
    public func problems(original: String, translation: String, into target: String) -> [String] {
        let trimmed = translation.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return ["the translation is empty"] }
        var problems: [String] = []
        let missing = Self.keptTokens(in: original).subtracting(Self.keptTokens(in: trimmed))
        if !missing.isEmpty {
            problems.append("lost " + missing.sorted().prefix(5).map { "'\($0)'" }.joined(separator: ", "))
        }
        let prose = Self.prose(trimmed)
        let letters = Double(prose.lazy.filter(\.isLetter).count)
        let originalLetters = Double(Self.prose(original).lazy.filter(\.isLetter).count)
        if originalLetters >= Double(LanguageRule.minimumLetters), !letterRatio.contains(letters / originalLetters) {
            problems.append(String(format: "%.0f letters for %.0f in the original", letters, originalLetters))
        }
        // The pipeline's own rule, with the language asked for in the knowledge base's place.
        let reading = LanguageRule(identifier: identifier, knowledgeBase: target, margin: margin).read(prose)
        if reading.foreign, let guess = reading.guess {
            problems.append("written in \(guess.language), not \(target)")
        }
        return problems
    }

    /// The parts a faithful translation copies: runs of digits (so "14.99" may become "14,99"), URLs, email
    /// addresses and bracketed placeholders and markers.
    static func keptTokens(in text: String) -> Set<String> {
        var tokens: Set<String> = []
        for pattern in [Self.digits, Self.url, Self.email, Self.bracketed] {
            let range = NSRange(text.startIndex..., in: text)
            for match in pattern.value.matches(in: text, range: range) {
                if let found = Range(match.range, in: text) { tokens.insert(String(text[found])) }
            }
        }
        return tokens
    }

    /// The text without URLs, addresses and bracketed markers, whose letters are no language's.
    static func prose(_ text: String) -> String {
        [Self.url, Self.email, Self.bracketed].reduce(text) { text, pattern in
            pattern.value.stringByReplacingMatches(
                in: text, range: NSRange(text.startIndex..., in: text), withTemplate: " ")
        }
    }

    private static let digits = SendableRegex(#"[0-9]+"#)
    private static let url = SendableRegex(#"https?://[^\s<>()\[\]]+[^\s<>()\[\].,;:!?'"]"#)
    private static let email = SendableRegex(#"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"#)
    private static let bracketed = SendableRegex(#"\[(?:Source:[^\]]*|[A-Z][A-Z_]*_[0-9]+)\]"#)
}
