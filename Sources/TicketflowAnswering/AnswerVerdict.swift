/// A problem a check found in an answer; any flag keeps the answer from auto-sending.
public struct AnswerFlag: Sendable, Equatable, Hashable, Codable {
    /// The families of problems, each mapped to one draft reason.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// A sentence no cited excerpt supports.
        case unsupportedSentence = "unsupported_sentence"
        /// A refund, discount, price or deadline the knowledge base does not state.
        case policyPromise = "policy_promise"
        /// A cited source that was not retrieved, or a quote not found in any excerpt.
        case citationNotFound = "citation_not_found"
        /// The ticket tries to instruct the bot ("ignore your instructions ...").
        case promptInjection = "prompt_injection"
    }

    /// Which family of problem.
    public var kind: Kind
    /// Short human-readable evidence (the sentence, the phrase, the title).
    public var detail: String

    /// Creates a flag.
    public init(_ kind: Kind, _ detail: String) {
        self.kind = kind
        self.detail = detail
    }
}

/// The parts the answer confidence is built from, each in 0...1 (see docs/answering.md).
public struct ConfidenceComponents: Sendable, Equatable, Codable {
    /// Score of the best retrieved excerpt the answer cites.
    public var retrievalStrength: Double
    /// How clearly the cited knowledge beats the best excerpt it did not use.
    public var retrievalMargin: Double
    /// Triage classifier confidence.
    public var classifierConfidence: Double
    /// Share of the question's key terms that the cited excerpts contain.
    public var questionCoverage: Double
    /// How closely the best cited passage means what the question asks: its cosine similarity to the
    /// question on the judge's 0–1 scale; nil when retrieval had no sentence vectors (lexical).
    public var semanticMatch: Double?

    /// Creates the components.
    public init(
        retrievalStrength: Double, retrievalMargin: Double, classifierConfidence: Double,
        questionCoverage: Double, semanticMatch: Double? = nil
    ) {
        self.retrievalStrength = retrievalStrength
        self.retrievalMargin = retrievalMargin
        self.classifierConfidence = classifierConfidence
        self.questionCoverage = questionCoverage
        self.semanticMatch = semanticMatch
    }
}

/// A judge's assessment of one candidate answer.
public struct AnswerVerdict: Sendable, Equatable {
    /// Answer confidence in 0...1.
    public var confidence: Double
    /// The parts of the confidence, when the judge computes it from parts.
    public var components: ConfidenceComponents?
    /// Problems found; any flag blocks auto-send.
    public var flags: [AnswerFlag]
    /// Engine that judged, e.g. "heuristic" or "llm:model-name".
    public var engine: String

    /// Creates a verdict.
    public init(confidence: Double, components: ConfidenceComponents? = nil, flags: [AnswerFlag], engine: String) {
        self.confidence = confidence
        self.components = components
        self.flags = flags
        self.engine = engine
    }
}

/// Scores a candidate answer; the built-in heuristic judge is the default, an
/// LLM judge plugs in here.
public protocol AnswerJudge: Sendable {
    /// Engine name for the decision trace.
    var engineName: String { get }
    /// Judges an answer against the request it answers; throws when the engine cannot.
    func judge(_ answer: CandidateAnswer, for request: AnswerRequest) async throws -> AnswerVerdict
    /// Judges with the parse and index the answering stage already built; a judge
    /// that has no use for them gets the default, which calls `judge(_:for:)`.
    func judge(
        _ answer: CandidateAnswer, for request: AnswerRequest, analysis: AnswerAnalysis
    ) async throws -> AnswerVerdict
}

extension AnswerJudge {
    /// Ignores the stage's analysis and judges from scratch.
    public func judge(
        _ answer: CandidateAnswer, for request: AnswerRequest, analysis: AnswerAnalysis
    ) async throws -> AnswerVerdict {
        try await judge(answer, for: request)
    }
}
