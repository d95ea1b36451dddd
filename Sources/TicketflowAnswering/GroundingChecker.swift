import TicketflowCore

/// Checks that every factual sentence of an answer is supported by an excerpt
/// it cites: at least `minimumOverlap` of the sentence's content words (after
/// normalisation) occur in one cited excerpt, and every number in the
/// sentence occurs there too (a changed price or deadline is never "close enough").
public struct GroundingChecker: Sendable {
    /// Share of a sentence's content words that one cited excerpt must contain.
    public var minimumOverlap: Double

    /// Creates a checker; 0.8 by default.
    public init(minimumOverlap: Double = 0.8) {
        self.minimumOverlap = minimumOverlap
    }

    /// The sentences no cited excerpt supports, as flags.
    public func check(_ document: AnswerDocument, passages: [RetrievedPassage]) -> [AnswerFlag] {
        check(document, index: PassageIndex(passages))
    }

    func check(_ document: AnswerDocument, index: PassageIndex) -> [AnswerFlag] {
        document.sentences.compactMap { sentence in
            if AnswerTemplates.isFactFree(sentence.text) { return nil }
            let cited = sentence.citedSources.flatMap { index.passages(cited: $0) }
            let supported = cited.contains { support(of: sentence.text, in: $0) >= minimumOverlap }
            return supported ? nil : AnswerFlag(.unsupportedSentence, sentence.text)
        }
    }

    /// Share of the sentence's content words found in the passage; 0 when a number is missing.
    public func support(of sentence: String, in passage: IndexedPassage) -> Double {
        let words = TextAnalysis.contentWords(sentence).filter { !Self.framingWords.contains($0) }
        guard !words.isEmpty else { return 1 }
        for word in words where word.first?.isNumber == true && !passage.words.contains(word) {
            return 0
        }
        let found = words.filter { passage.words.contains($0) }.count
        return Double(found) / Double(words.count)
    }
}

extension GroundingChecker {
    /// Words that attribute rather than assert ("as our guide says"); they
    /// neither need nor give support.
    static let framingWords: Set<String> = Set(
        [
            "according", "says", "said", "states", "stated", "explains", "mentions", "notes", "describes",
            "guide", "article", "articles", "documentation", "page", "help", "center", "centre", "policy",
        ]
        .map(TextAnalysis.stem))
}

/// A retrieved excerpt with its content words precomputed for overlap checks.
public struct IndexedPassage: Sendable {
    /// The excerpt as retrieval returned it.
    public var passage: RetrievedPassage
    /// Content words of title, headings and text.
    public var words: Set<String>
    /// The text lower-cased with list markers removed, as UTF-8, for phrase checks.
    public var lowercasedBytes: [UInt8]
    /// Numbers the text states, normalised (see `PolicyChecker`).
    public var amounts: Set<String>

    /// Indexes one passage.
    public init(_ passage: RetrievedPassage) {
        self.passage = passage
        // Step numbers are layout, not facts: "2." must not back "within 2 days".
        let lines = TextAnalysis.sentences(passage.text).map(TextAnalysis.strippingListMarker)
        let all = ([passage.title] + passage.headingPath + lines).joined(separator: "\n")
        self.words = Set(TextAnalysis.contentWords(all))
        let lowercased = lines.joined(separator: "\n").lowercased()
        self.lowercasedBytes = Array(lowercased.utf8)
        self.amounts = PolicyChecker.amounts(in: lowercased)
    }
}

/// Retrieved excerpts looked up by what an answer cites: an article id, or a
/// title in answers written before ids (see `SourceMarker`).
struct PassageIndex: Sendable {
    var all: [IndexedPassage]
    private var byArticle: [String: [IndexedPassage]]
    private var byTitle: [String: [IndexedPassage]]

    init(_ passages: [RetrievedPassage]) {
        all = passages.map(IndexedPassage.init)
        byArticle = Dictionary(grouping: all) { $0.passage.articleID }
        byTitle = Dictionary(grouping: all) { Self.key($0.passage.title) }
    }

    /// The excerpts of the cited article; a title cites every excerpt of every article so named.
    func passages(cited source: String) -> [IndexedPassage] {
        byArticle[source] ?? byTitle[Self.key(source)] ?? []
    }

    static func key(_ title: String) -> String {
        TextAnalysis.tokens(title).joined(separator: " ")
    }
}
