import TicketflowText

/// Turns text into index terms: lowercase words of two or more characters,
/// minus stop words, reduced to their English stems.
public struct Tokenizer: Sendable {
    /// Words dropped before stemming.
    public var stopWords: Set<String>
    /// Whether terms are stemmed (queries and documents must agree).
    public var stems: Bool
    private let stemmer = EnglishStemmer()
    private let cache = StemCache()

    /// Creates a tokenizer; the defaults suit English help-center text.
    public init(stopWords: Set<String> = StopWords.english, stems: Bool = true) {
        self.stopWords = stopWords
        self.stems = stems
    }

    /// Index terms of `text`, in order, repeats kept (BM25 needs term frequency).
    public func terms(_ text: String) -> [String] {
        // One cache lookup answers both "is it a stop word?" (empty term) and "what is its stem?".
        cache.terms(for: words(text)) { word in
            if stopWords.contains(word) { return "" }
            return stems ? stemmer.stem(word) : word
        }.filter { !$0.isEmpty }
    }

    /// Lowercase words: runs of letters and digits, an apostrophe inside a word
    /// dropped ("don't" → "dont"), possessive "'s" removed, single characters skipped.
    public func words(_ text: String) -> [String] {
        WordTokenizer.retrieval.words(text)
    }
}
