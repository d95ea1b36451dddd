import Foundation

/// One line of an OpenAI chat fine-tuning file: the conversation and why it
/// is a training example. `messages` is what the fine-tuning API reads;
/// `metadata` is ignored by it and kept for people and filters.
public struct ChatTrainingExample: Codable, Sendable, Equatable {
    /// One chat message (`system`, `user` or `assistant`).
    public struct Message: Codable, Sendable, Equatable {
        public var role: String
        public var content: String

        public init(role: String, content: String) {
            self.role = role
            self.content = content
        }
    }

    /// Where the example came from and whether the AI needed correcting.
    public struct Metadata: Codable, Sendable, Equatable {
        /// `agent_edit`, `agent_approved` or `positive_rating`.
        public var reason: String
        public var ticketID: Int64
        /// When the correction, approval or rating happened.
        public var date: Date
        /// True when the assistant text corrects what the AI drafted.
        public var needsCorrection: Bool
        /// The AI's draft for corrected examples, so the pair can be inspected.
        public var originalDraft: String?

        public init(reason: String, ticketID: Int64, date: Date, needsCorrection: Bool, originalDraft: String? = nil) {
            self.reason = reason
            self.ticketID = ticketID
            self.date = date
            self.needsCorrection = needsCorrection
            self.originalDraft = originalDraft
        }

        enum CodingKeys: String, CodingKey {
            case reason, date
            case ticketID = "ticket_id"
            case needsCorrection = "needs_correction"
            case originalDraft = "original_draft"
        }
    }

    public var messages: [Message]
    public var metadata: Metadata

    public init(messages: [Message], metadata: Metadata) {
        self.messages = messages
        self.metadata = metadata
    }
}

/// One labeled row for the built-in classifiers (CSV export, retraining).
public struct LabeledTicketRow: Sendable, Equatable {
    public var ticketID: Int64
    /// Subject and customer text, PII redacted.
    public var text: String
    public var category: String
    public var urgency: Int?
    /// `relabel` (an agent corrected it) or `triage` (the model's label stood).
    public var source: String
    public var date: Date

    public init(ticketID: Int64, text: String, category: String, urgency: Int?, source: String, date: Date) {
        self.ticketID = ticketID
        self.text = text
        self.category = category
        self.urgency = urgency
        self.source = source
        self.date = date
    }
}
