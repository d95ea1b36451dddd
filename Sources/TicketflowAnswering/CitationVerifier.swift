import TicketflowCore

/// Verifies an answer's citations against what retrieval actually returned:
/// every cited source was retrieved, every quote occurs verbatim in an excerpt,
/// and every factual sentence is cited and supported by the excerpt it cites
/// (an uncited claim is an unsupported one). It runs on every answer whichever
/// engine wrote it, so an LLM answer is held to the same evidence as the
/// built-in one, even when an LLM judge approves it.
public struct CitationVerifier: Sendable {
    /// The support rule applied to cited claims.
    public var grounding: GroundingChecker

    /// Creates a verifier using the given grounding rule.
    public init(grounding: GroundingChecker = GroundingChecker()) {
        self.grounding = grounding
    }

    /// Flags for unknown sources, quotes not found and unsupported cited claims.
    public func verify(_ answer: CandidateAnswer, passages: [RetrievedPassage]) -> [AnswerFlag] {
        verify(answer, document: AnswerDocument(body: answer.body), index: PassageIndex(passages))
    }

    func verify(_ answer: CandidateAnswer, document: AnswerDocument, index: PassageIndex) -> [AnswerFlag] {
        let passages = index.all.map(\.passage)
        var flags: [AnswerFlag] = []

        for source in document.citedSources where index.passages(cited: source).isEmpty {
            flags.append(AnswerFlag(.citationNotFound, "source not retrieved: \(source)"))
        }
        let retrievedChunks = Set(passages.map(\.chunkID))
        let retrievedArticles = Set(passages.map(\.articleID))
        for citation in answer.citations {
            let known = citation.chunkID.map(retrievedChunks.contains) ?? retrievedArticles.contains(citation.articleID)
            if !known { flags.append(AnswerFlag(.citationNotFound, "citation not retrieved: \(citation.title)")) }
        }
        let excerpts = document.quotes.isEmpty ? [] : passages.map { Self.normalised($0.text) }
        for quote in document.quotes {
            let needle = Self.normalised(quote)
            if !excerpts.contains(where: { $0.contains(needle) }) {
                flags.append(AnswerFlag(.citationNotFound, "quote not in any excerpt: \(quote)"))
            }
        }
        flags += grounding.check(document, index: index)
        return flags
    }

    static func normalised(_ text: String) -> String {
        TextAnalysis.tokens(text).joined(separator: " ")
    }
}
