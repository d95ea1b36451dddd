#if canImport(FoundationEssentials)
// `components(separatedBy:)` lives here on Linux; member-import visibility wants it named.
import FoundationEssentials
#endif
import Foundation
import TicketflowCore

/// The built-in answer engine: builds the answer only from sentences and
/// numbered steps taken verbatim from retrieved excerpts, with a citation after
/// each article, so it cannot invent a fact. The only other lines are the
/// fixed templates (acknowledgement, billing offer, closing); customer text is
/// never copied, which is what makes prompt injection inert here.
public struct ExtractiveComposer: AnswerGenerator {
    /// Tuning knobs, with defaults that keep answers short.
    public struct Configuration: Sendable, Equatable {
        /// At most this many articles are combined.
        public var maxArticles: Int
        /// Another article joins when its score is at least this share of the best one.
        public var relatedScoreRatio: Double
        /// Non-step sentences kept per article.
        public var maxSentencesPerArticle: Int
        /// Steps kept per article.
        public var maxSteps: Int

        /// Creates a configuration.
        public init(
            maxArticles: Int = 3, relatedScoreRatio: Double = 0.85, maxSentencesPerArticle: Int = 3,
            maxSteps: Int = 12
        ) {
            self.maxArticles = maxArticles
            self.relatedScoreRatio = relatedScoreRatio
            self.maxSentencesPerArticle = maxSentencesPerArticle
            self.maxSteps = maxSteps
        }
    }

    /// Selection limits.
    public var configuration: Configuration
    /// Engine name for the trace.
    public let engineName = "extractive"
    /// The stage's fallback engine itself.
    public var isBuiltIn: Bool { true }

    /// Creates a composer.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Composes an answer; throws `no_knowledge` without passages and
    /// `nothing_to_extract` when no excerpt has a usable sentence.
    public func generate(_ request: AnswerRequest) async throws -> CandidateAnswer {
        try compose(request)
    }

    /// The synchronous core of `generate`, for callers outside async code.
    public func compose(_ request: AnswerRequest) throws -> CandidateAnswer {
        // Retrieval's order is the ranking (normalised scores can tie at 1.0).
        guard let top = request.passages.first else {
            throw AnsweringError(.noKnowledge, "no passages retrieved")
        }
        let questionWords = Set(KeyTerms.of(request.question))
        var blocks: [ArticleBlock] = []
        var seen: Set<String> = []
        for article in Self.articles(in: request.passages) {
            guard blocks.count < configuration.maxArticles else { break }
            let isBest = article.first?.articleID == top.articleID
            guard isBest || article[0].score >= top.score * configuration.relatedScoreRatio else { continue }
            var block = ArticleBlock(articleID: article[0].articleID)
            var blockSeen = seen
            for passage in article {
                let extract = self.extract(from: passage, questionWords: questionWords, seen: &blockSeen)
                guard !extract.isEmpty else { continue }
                block.lines += extract.lines
                block.relevance += extract.relevance
                block.hasSteps = block.hasSteps || extract.hasSteps
                block.citations.append(
                    Citation(articleID: passage.articleID, title: passage.title, chunkID: passage.chunkID))
            }
            // A second article must speak to the question; the best one is trusted to retrieval.
            guard !block.lines.isEmpty, isBest || block.relevance > 0 else { continue }
            // Two procedures for one question are alternatives, not complements:
            // keep the best one and let the judge's margin see the rival.
            if block.hasSteps, blocks.contains(where: \.hasSteps) { continue }
            seen = blockSeen
            blocks.append(block)
        }
        guard !blocks.isEmpty else {
            throw AnsweringError(.nothingToExtract, "no usable sentence in \(request.passages.count) passages")
        }
        return CandidateAnswer(
            body: body(blocks, request: request), citations: blocks.flatMap(\.citations), engine: engineName)
    }

    struct ArticleBlock {
        var articleID: String
        var lines: [String] = []
        var relevance = 0
        var hasSteps = false
        var citations: [Citation] = []
    }

    struct Extract {
        var lines: [String]
        var relevance: Int
        var hasSteps: Bool
        var isEmpty: Bool { lines.isEmpty }
    }

    /// Passages grouped by article, in retrieval order.
    static func articles(in passages: [RetrievedPassage]) -> [[RetrievedPassage]] {
        var order: [String] = []
        var groups: [String: [RetrievedPassage]] = [:]
        for passage in passages {
            if groups[passage.articleID] == nil { order.append(passage.articleID) }
            groups[passage.articleID, default: []].append(passage)
        }
        return order.compactMap { groups[$0] }
    }

    /// The excerpt's relevant sentences and all its steps, in source order.
    func extract(from passage: RetrievedPassage, questionWords: Set<String>, seen: inout Set<String>) -> Extract {
        let sentences = TextAnalysis.sentences(passage.text)
        let stepIndices = sentences.indices.filter { TextAnalysis.stepNumber(of: sentences[$0]) != nil }
        let leadIn = stepIndices.first.map { $0 - 1 }
        var candidates: [(index: Int, overlap: Int)] = []
        for (index, sentence) in sentences.enumerated() where TextAnalysis.stepNumber(of: sentence) == nil {
            // Questions and pure courtesy in the KB are not answers.
            if sentence.hasSuffix("?") || AnswerTemplates.isFactFree(sentence) { continue }
            let overlap = Set(TextAnalysis.contentWords(sentence)).intersection(questionWords).count
            candidates.append((index, overlap))
        }
        var chosen = Set(
            candidates.filter { $0.overlap > 0 }
                .sorted { $0.overlap != $1.overlap ? $0.overlap > $1.overlap : $0.index < $1.index }
                .prefix(configuration.maxSentencesPerArticle).map(\.index))
        if let leadIn, candidates.contains(where: { $0.index == leadIn }) { chosen.insert(leadIn) }
        if chosen.isEmpty, stepIndices.isEmpty {
            chosen = Set(candidates.prefix(2).map(\.index))
        }
        chosen.formUnion(stepIndices.prefix(configuration.maxSteps))

        var lines: [String] = []
        var stepNumber = 0
        for index in chosen.sorted() {
            let key = CitationVerifier.normalised(TextAnalysis.strippingListMarker(sentences[index]))
            guard seen.insert(key).inserted else { continue }
            if TextAnalysis.stepNumber(of: sentences[index]) != nil {
                stepNumber += 1
                lines.append("\(stepNumber). " + TextAnalysis.strippingListMarker(sentences[index]))
            } else {
                lines.append(sentences[index])
            }
        }
        let relevance = candidates.filter { chosen.contains($0.index) }.map(\.overlap).reduce(0, +)
        return Extract(lines: lines, relevance: relevance, hasSteps: stepNumber > 0)
    }

    func body(_ blocks: [ArticleBlock], request: AnswerRequest) -> String {
        var paragraphs = [AnswerTemplates.acknowledgement(for: request.sentiment)]
        for block in blocks {
            paragraphs.append(Self.layout(block.lines) + " " + SourceMarker.marker(articleID: block.articleID))
        }
        if request.isBilling { paragraphs.append(AnswerTemplates.billingOffer) }
        paragraphs.append(AnswerTemplates.closing)
        return paragraphs.joined(separator: "\n\n")
    }

    /// Prose sentences run together; each step gets its own line. Two sentences that would read back as one
    /// (the second starts in lower case, after "... ." say) go on separate lines: the checks and the audit
    /// split the answer again, and a merged "sentence" is in no article.
    static func layout(_ lines: [String]) -> String {
        var output = ""
        var previous: String?
        for line in lines {
            let isStep = TextAnalysis.stepNumber(of: line) != nil
            if let previous {
                let previousIsStep = TextAnalysis.stepNumber(of: previous) != nil
                let runTogether =
                    !isStep && !previousIsStep && TextAnalysis.sentences(previous + " " + line).count == 2
                output += (runTogether ? " " : "\n") + line
            } else {
                output = line
            }
            previous = line
        }
        return output
    }
}

/// The words of a customer's question worth matching: content words without
/// redaction placeholders or bare numbers (order ids never occur in the KB).
enum KeyTerms {
    static func of(_ question: String) -> [String] {
        let withoutPlaceholders = question.replacingOccurrences(
            of: #"\[[A-Z_]+_\d+\]"#, with: " ", options: .regularExpression)
        return TextAnalysis.contentWords(withoutPlaceholders).filter { $0.first?.isNumber != true }
    }
}
