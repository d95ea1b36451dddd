import Foundation

/// A human correction of the AI, kept as a training example for the
/// feedback loop: an approved or edited draft, or a relabelled ticket.
public struct FeedbackRecord: Codable, Sendable, Equatable {
    /// What kind of correction it is.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// The draft was sent unchanged (a positive example).
        case approve
        /// The draft was edited before sending.
        case edit
        /// Category or urgency was changed.
        case relabel
    }

    /// Store-assigned id (0 before insert).
    public var id: Int64
    /// The ticket the correction belongs to.
    public var ticketID: Int64
    /// approve, edit or relabel.
    public var kind: Kind
    /// The AI draft as it was (approve/edit).
    public var originalDraft: String?
    /// The text the customer received (approve/edit).
    public var finalText: String?
    /// Category before a relabel (or at the time of the answer).
    public var oldCategory: String?
    /// Category after a relabel.
    public var newCategory: String?
    /// Urgency before a relabel.
    public var oldUrgency: Int?
    /// Urgency after a relabel.
    public var newUrgency: Int?
    /// Email of the agent who made the correction.
    public var agent: String
    /// When it was made.
    public var createdAt: Date

    /// Creates a record value.
    public init(
        id: Int64 = 0, ticketID: Int64, kind: Kind, originalDraft: String? = nil, finalText: String? = nil,
        oldCategory: String? = nil, newCategory: String? = nil, oldUrgency: Int? = nil, newUrgency: Int? = nil,
        agent: String, createdAt: Date
    ) {
        self.id = id
        self.ticketID = ticketID
        self.kind = kind
        self.originalDraft = originalDraft
        self.finalText = finalText
        self.oldCategory = oldCategory
        self.newCategory = newCategory
        self.oldUrgency = oldUrgency
        self.newUrgency = newUrgency
        self.agent = agent
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case id, kind, agent
        case ticketID = "ticket_id"
        case originalDraft = "original_draft"
        case finalText = "final_text"
        case oldCategory = "old_category"
        case newCategory = "new_category"
        case oldUrgency = "old_urgency"
        case newUrgency = "new_urgency"
        case createdAt = "created_at"
    }
}
