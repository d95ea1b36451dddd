/// When a ticket counts as written in another language than the knowledge base's: the identifier's likeliest
/// language is another one, clearly (by `margin` per n-gram over the knowledge base's language), and the text
/// is long enough to tell. A close call stays with the knowledge base's language, so an English ticket with
/// a foreign name or product in it is not held.
public struct LanguageRule: Sendable {
    /// Chosen on bitext's training split, as the smallest margin that takes at most 0.3% of English tickets
    /// for another language (docs/answering.md).
    public static let defaultMargin = 0.3
    /// Fewer letters than this say too little.
    public static let minimumLetters = 15

    public var identifier: LanguageIdentifier
    /// The knowledge base's language (ISO 639-1).
    public var knowledgeBase: String
    public var margin: Double

    public init(
        identifier: LanguageIdentifier = .builtIn, knowledgeBase: String = "en", margin: Double = defaultMargin
    ) {
        self.identifier = identifier
        self.knowledgeBase = knowledgeBase
        self.margin = margin
    }

    /// The identifier's guess (nil without letters), and whether the rule takes the text for another language
    /// than the knowledge base's: one identification for both.
    public func read(_ text: String) -> (guess: LanguageIdentifier.Guess?, foreign: Bool) {
        guard let guess = identifier.identify(text) else { return (nil, false) }
        let foreign =
            guess.language != knowledgeBase && text.lazy.filter(\.isLetter).count >= Self.minimumLetters
            && (guess.marginOver[knowledgeBase] ?? .infinity) >= margin
        return (guess, foreign)
    }

    /// The guess for a text in another language than the knowledge base's; nil for the knowledge base's
    /// language, a close call, or a text too short to tell.
    public func foreignLanguage(of text: String) -> LanguageIdentifier.Guess? {
        let reading = read(text)
        return reading.foreign ? reading.guess : nil
    }
}
