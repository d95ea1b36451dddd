import Foundation

/// What the QA review found wrong with an answer.
public enum QAFlag: String, Codable, Sendable, CaseIterable {
    /// A claim the knowledge base does not state.
    case hallucination
    /// A promise (refund, discount, price, deadline) the knowledge base does not make.
    case policyViolation = "policy_violation"
    /// A person answered with knowledge-base content the AI had retrieved.
    case unnecessaryEscalation = "unnecessary_escalation"
}

/// One QA review of one ticket's answer (AI-sent, or the draft a person got).
public struct QAReview: Codable, Sendable, Equatable {
    public var ticketID: Int64
    /// What was reviewed: `ai_answer`, `ai_draft` or `human_answer`.
    public var subject: String
    /// 1–10 each.
    public var accuracy: Int
    public var completeness: Int
    public var tone: Int
    public var actionability: Int
    public var flags: [QAFlag]
    /// Short reasons a person can read, one per finding.
    public var notes: [String]
    /// Which reviewer: `heuristic@N` or `llm:<model>/<prompt>+heuristic`.
    public var engine: String
    public var createdAt: Date

    public init(
        ticketID: Int64, subject: String, accuracy: Int, completeness: Int, tone: Int, actionability: Int,
        flags: [QAFlag], notes: [String], engine: String, createdAt: Date
    ) {
        self.ticketID = ticketID
        self.subject = subject
        self.accuracy = accuracy
        self.completeness = completeness
        self.tone = tone
        self.actionability = actionability
        self.flags = flags
        self.notes = notes
        self.engine = engine
        self.createdAt = createdAt
    }

    /// An answer counts as accurate when QA scores its accuracy 8 or more and found no hallucination.
    public var isAccurate: Bool { accuracy >= 8 && !flags.contains(.hallucination) }

    enum CodingKeys: String, CodingKey {
        case subject, accuracy, completeness, tone, actionability, flags, notes, engine
        case ticketID = "ticket_id"
        case createdAt = "created_at"
    }
}
