import TicketflowCore

/// What an answer engine gets: the customer's question with personal data
/// already redacted, what triage decided, and the retrieved excerpts.
public struct AnswerRequest: Sendable, Equatable {
    /// The ticket being answered.
    public var ticketID: Int64
    /// Subject and latest message, PII replaced by placeholders.
    public var question: String
    /// Category triage chose, e.g. "billing".
    public var category: String?
    /// Triage classifier confidence in 0...1; nil when triage did not run.
    public var categoryConfidence: Double?
    /// Customer mood; picks the acknowledgement.
    public var sentiment: Sentiment?
    /// Urgency 1–5 from triage.
    public var urgency: Int?
    /// Who answers, from the priority matrix.
    public var route: Route?
    /// Knowledge-base excerpts, best first.
    public var passages: [RetrievedPassage]

    /// Creates a request.
    public init(
        ticketID: Int64, question: String, category: String? = nil,
        categoryConfidence: Double? = nil, sentiment: Sentiment? = nil, urgency: Int? = nil,
        route: Route? = nil, passages: [RetrievedPassage]
    ) {
        self.ticketID = ticketID
        self.question = question
        self.category = category
        self.categoryConfidence = categoryConfidence
        self.sentiment = sentiment
        self.urgency = urgency
        self.route = route
        self.passages = passages
    }

    /// Billing tickets get a receipt/documentation offer.
    public var isBilling: Bool {
        guard let category else { return false }
        return category.lowercased() == "billing" || category.lowercased() == "payment"
            || category.lowercased() == "invoice"
    }
}

/// An answer an engine proposes, before it is judged.
public struct CandidateAnswer: Sendable, Equatable {
    /// The text the customer would read, with "[Source: article-id]" markers (see `SourceMarker`).
    public var body: String
    /// The knowledge-base sources the body cites.
    public var citations: [Citation]
    /// Engine that wrote it, e.g. "extractive" or "llm:model-name".
    public var engine: String

    /// Creates a candidate answer.
    public init(body: String, citations: [Citation], engine: String) {
        self.body = body
        self.citations = citations
        self.engine = engine
    }
}

/// Writes a candidate answer from a request; the built-in extractive composer
/// is the default, an LLM engine plugs in here.
public protocol AnswerGenerator: Sendable {
    /// Engine name for the decision trace.
    var engineName: String { get }
    /// Whether this is the built-in engine, which the stage falls back to: when it
    /// throws there is nothing to fall back to and the ticket is held for review.
    var isBuiltIn: Bool { get }
    /// Proposes an answer; throws when the engine cannot (the stage then falls back).
    func generate(_ request: AnswerRequest) async throws -> CandidateAnswer
}

/// A generator that can hand out its text while writing it, for an agent watching a draft being written.
public protocol StreamingAnswerGenerator: AnswerGenerator {
    /// `generate(_:)`, with each piece of the answer's text given to `sink` as it is written. The returned
    /// answer is what counts: it may differ from the pieces (a reply that was not valid JSON, say).
    func generate(_ request: AnswerRequest, streamingTo sink: @escaping AnswerTextSink) async throws -> CandidateAnswer
}

extension AnswerGenerator {
    /// Injected engines are not the built-in one.
    public var isBuiltIn: Bool { false }
}

/// Errors of the built-in answering engines.
public struct AnsweringError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: String, Sendable {
        case noKnowledge = "no_knowledge"
        case nothingToExtract = "nothing_to_extract"
    }

    /// What went wrong, machine-readable.
    public var code: Code
    /// Details for the trace.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// Code and message, for the trace.
    public var description: String { "\(code.rawValue): \(message)" }
}
