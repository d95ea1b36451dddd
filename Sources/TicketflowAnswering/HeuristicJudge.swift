import TicketflowCore

/// The built-in judge: answer confidence from retrieval strength and margin,
/// classifier confidence and question coverage; grounding and policy checks
/// as flags. With sentence vectors it reads the semantic evidence too: how
/// closely the cited passage means what the question asks counts as coverage,
/// so an answer in other words than the question's is not held for that alone.
/// Formula and weights are documented in docs/answering.md.
public struct HeuristicJudge: AnswerJudge {
    /// Weights of the confidence components; they sum to 1.
    public struct Weights: Sendable, Equatable {
        /// Weight of the best cited score.
        public var retrievalStrength: Double
        /// Weight of the lead over uncited articles.
        public var retrievalMargin: Double
        /// Weight of triage confidence.
        public var classifierConfidence: Double
        /// Weight of key-term coverage.
        public var questionCoverage: Double

        /// Creates weights.
        public init(
            retrievalStrength: Double = 0.35, retrievalMargin: Double = 0.15,
            classifierConfidence: Double = 0.2, questionCoverage: Double = 0.3
        ) {
            self.retrievalStrength = retrievalStrength
            self.retrievalMargin = retrievalMargin
            self.classifierConfidence = classifierConfidence
            self.questionCoverage = questionCoverage
        }

        /// The weights with semantic evidence: the classifier's 0.2 moves to the question match.
        public static let semantic = Weights(
            retrievalStrength: 0.35, retrievalMargin: 0.15, classifierConfidence: 0, questionCoverage: 0.5)
    }

    /// Component weights.
    public var weights: Weights
    /// Weights when the passages carry a similarity to the question (an encoder or embeddings endpoint).
    /// The classifier's weight goes to the question match: whether the cited passage answers the question
    /// is measured directly, and a category model's certainty says nothing about it (on tickets outside the
    /// team's taxonomy it only held right answers back; see docs/answering.md).
    public var semanticWeights: Weights
    /// Cosine similarities mapped onto the 0–1 match linearly: at or below the lower bound a passage is
    /// unrelated (0), at or above the upper one it answers the question (1). Chosen on the StackFAQ dev split,
    /// where the top passage was right 99.5% of the time from 0.60 up (docs/answering.md).
    public var semanticRange: ClosedRange<Double>
    /// A score lead of this much over the best unused excerpt counts as a full margin.
    public var marginScale: Double
    /// Used when triage gave no classifier confidence: unknown is not confident.
    public var unknownClassifierConfidence: Double
    /// Sentence support rule.
    public var grounding: GroundingChecker
    /// Unstated-promise rule.
    public var policy: PolicyChecker
    /// Engine name for the trace.
    public let engineName = "heuristic"

    /// Creates a judge.
    public init(
        weights: Weights = Weights(), semanticWeights: Weights = .semantic,
        semanticRange: ClosedRange<Double> = 0.30...0.60, marginScale: Double = 0.2,
        unknownClassifierConfidence: Double = 0.5, grounding: GroundingChecker = GroundingChecker(),
        policy: PolicyChecker = PolicyChecker()
    ) {
        self.weights = weights
        self.semanticWeights = semanticWeights
        self.semanticRange = semanticRange
        self.marginScale = marginScale
        self.unknownClassifierConfidence = unknownClassifierConfidence
        self.grounding = grounding
        self.policy = policy
    }

    /// Judges an answer (never throws; async to satisfy the protocol).
    public func judge(_ answer: CandidateAnswer, for request: AnswerRequest) async throws -> AnswerVerdict {
        evaluate(answer, for: request)
    }

    /// Judges from the stage's analysis instead of parsing the answer again.
    public func judge(
        _ answer: CandidateAnswer, for request: AnswerRequest, analysis: AnswerAnalysis
    ) async throws -> AnswerVerdict {
        evaluate(answer, for: request, document: analysis.document, index: analysis.index)
    }

    /// The synchronous core of `judge`.
    public func evaluate(_ answer: CandidateAnswer, for request: AnswerRequest) -> AnswerVerdict {
        evaluate(
            answer, for: request, document: AnswerDocument(body: answer.body), index: PassageIndex(request.passages))
    }

    /// Evaluation with the parsed answer and indexed passages the stage already built.
    func evaluate(
        _ answer: CandidateAnswer, for request: AnswerRequest, document: AnswerDocument, index: PassageIndex
    ) -> AnswerVerdict {
        let components = self.components(document: document, answer: answer, request: request, index: index)
        let flags = grounding.check(document, index: index) + policy.check(document, index: index)
        return AnswerVerdict(
            confidence: confidence(components), components: components, flags: flags, engine: engineName)
    }

    /// Weighted sum of the components, clamped to 0...1. With a semantic match, coverage is the better
    /// of the lexical coverage and the match, under `semanticWeights`.
    public func confidence(_ parts: ConfidenceComponents) -> Double {
        let weights = parts.semanticMatch == nil ? self.weights : semanticWeights
        let coverage = max(parts.questionCoverage, parts.semanticMatch ?? 0)
        let total =
            weights.retrievalStrength * parts.retrievalStrength
            + weights.retrievalMargin * parts.retrievalMargin
            + weights.classifierConfidence * parts.classifierConfidence
            + weights.questionCoverage * coverage
        return min(1, max(0, total))
    }

    /// The four components for an answer.
    public func components(
        document: AnswerDocument, answer: CandidateAnswer, request: AnswerRequest
    ) -> ConfidenceComponents {
        components(document: document, answer: answer, request: request, index: PassageIndex(request.passages))
    }

    func components(
        document: AnswerDocument, answer: CandidateAnswer, request: AnswerRequest, index: PassageIndex
    ) -> ConfidenceComponents {
        let citedChunks = Set(answer.citations.compactMap(\.chunkID))
        let byMarker = Set(document.citedSources.flatMap { index.passages(cited: $0) }.map(\.passage.chunkID))
        let citedIndexed = index.all.filter {
            byMarker.contains($0.passage.chunkID) || citedChunks.contains($0.passage.chunkID)
        }
        let cited = citedIndexed.map(\.passage)
        let citedArticles = Set(cited.map(\.articleID))
        let strength = Self.clamp(cited.map(\.score).max() ?? 0)
        let competitor = request.passages.filter { !citedArticles.contains($0.articleID) }.map(\.score).max()
        let margin: Double
        if cited.isEmpty {
            margin = 0
        } else if let competitor {
            margin = Self.clamp((strength - competitor) / marginScale)
        } else {
            margin = 1
        }
        let classifier = Self.clamp(request.categoryConfidence ?? unknownClassifierConfidence)
        let keyTerms = Set(KeyTerms.of(request.question))
        let citedWords = citedIndexed.reduce(into: Set<String>()) { $0.formUnion($1.words) }
        // A question with no key terms ("help!!") cannot be shown to be covered.
        let coverage = keyTerms.isEmpty ? 0.5 : Double(keyTerms.intersection(citedWords).count) / Double(keyTerms.count)
        let similarity = cited.compactMap(\.similarity).max()
        let match = similarity.map {
            Self.clamp(($0 - semanticRange.lowerBound) / (semanticRange.upperBound - semanticRange.lowerBound))
        }
        return ConfidenceComponents(
            retrievalStrength: strength, retrievalMargin: margin, classifierConfidence: classifier,
            questionCoverage: coverage, semanticMatch: match)
    }

    static func clamp(_ value: Double) -> Double { min(1, max(0, value)) }
}
