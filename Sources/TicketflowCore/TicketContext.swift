import Foundation

/// Receives pieces of an answer's text as an engine writes them.
public typealias AnswerTextSink = @Sendable (String) async -> Void

/// Everything the pipeline knows about one ticket while it runs. Stages read
/// it, write their decisions into it, and the runner appends their trace.
public struct TicketContext: Sendable {
    /// The ticket as it will be stored; stages set category, route, status...
    public var ticket: Ticket
    public var customer: CustomerInput?
    /// Earlier messages of the conversation, oldest first.
    public var history: [Message]
    /// The customer message that started this run.
    public var incoming: NewMessage
    /// Messages the pipeline adds to the conversation (an auto-sent answer).
    public var replies: [NewMessage] = []
    /// Knowledge found for the ticket, best first.
    public var retrieved: [RetrievedPassage] = []
    /// An answer prepared for a person to review, with why it was not sent.
    public var draft: AnswerDraft?
    /// Decision trace written by this run, in stage order.
    public var trace: [TraceEntry] = []
    /// Names of stages that failed; later stages fall back to safe choices.
    public var failedStages: [String] = []
    /// A sentence vector computed once in this run (by triage, of the retrieval query) for later stages.
    public var sentenceVector: SentenceVector?
    /// The customer's words put into the knowledge base's language, when they wrote in another one and a
    /// translator could be trusted with them: from then on triage, retrieval and answering read this.
    public var translation: MessageTranslation?
    /// Gets the answer's text while an engine that can stream writes it: set for a person watching a draft
    /// being written (`AgentDesk.redraft`). A customer never gets this raw text.
    public var answerTextSink: AnswerTextSink?
    /// Gets a preview of the answer for a customer watching the conversation (a chat site with
    /// `stream_answers`): each call carries the whole text so far, grown only by spans that passed the
    /// checks every sentence of a sent answer must pass. The gate still decides on the whole answer; a
    /// held one replaces the preview with the hand-over.
    public var customerPreviewSink: AnswerTextSink?

    public init(ticket: Ticket, customer: CustomerInput?, history: [Message], incoming: NewMessage) {
        self.ticket = ticket
        self.customer = customer
        self.history = history
        self.incoming = incoming
    }

    /// Subject and latest customer message: what triage looks at (a chat's latest message alone), in the
    /// knowledge base's language once the message was translated.
    public var triageText: String { translation?.text ?? customerText }

    /// Subject and latest customer message as the customer wrote them.
    public var customerText: String {
        // A chat's subject is only its first message: a later question stands on its own.
        let subject = ticket.channel == .chat ? "" : ticket.subject.trimmingCharacters(in: .whitespacesAndNewlines)
        if subject.isEmpty || incoming.body.hasPrefix(subject) { return incoming.body }
        return subject + "\n" + incoming.body
    }
}

/// A customer's message in the knowledge base's language.
public struct MessageTranslation: Sendable, Equatable {
    /// The language the customer wrote in (ISO 639-1).
    public var language: String
    /// The knowledge base's language, which `text` is in.
    public var knowledgeBase: String
    /// Subject and message (`TicketContext.customerText`), translated.
    public var text: String

    public init(language: String, knowledgeBase: String, text: String) {
        self.language = language
        self.knowledgeBase = knowledgeBase
        self.text = text
    }
}

/// An AI answer held back for human review.
public struct AnswerDraft: Codable, Sendable, Equatable {
    public var body: String
    public var citations: [Citation]
    public var confidence: Double
    /// Why it was not sent: low_confidence, urgency_escalation, policy_flag, ...
    public var reasons: [String]

    public init(body: String, citations: [Citation], confidence: Double, reasons: [String]) {
        self.body = body
        self.citations = citations
        self.confidence = confidence
        self.reasons = reasons
    }
}

/// A text's sentence vector and the encoder that made it: a stage reuses it only for the same text
/// and the same encoder.
public struct SentenceVector: Sendable, Equatable {
    public var text: String
    public var model: String
    public var values: [Float]

    public init(text: String, model: String, values: [Float]) {
        self.text = text
        self.model = model
        self.values = values
    }
}
