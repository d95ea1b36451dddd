import Foundation

/// The per-ticket figures the dashboard is computed from, read in one query
/// so the metrics math stays pure and testable.
public struct TicketFacts: Sendable, Equatable {
    public var id: Int64
    public var createdAt: Date
    public var firstResponseAt: Date?
    public var resolvedAt: Date?
    public var status: TicketStatus
    public var route: Route?
    public var category: String?
    /// Messages written by the AI (auto-sent answers).
    public var aiMessages: Int
    /// Messages written by agents.
    public var agentMessages: Int
    /// Customer messages after the first AI or agent reply (the answer did not settle it).
    public var customerMessagesAfterReply: Int
    /// Sum of the pipeline's stage durations for the first run, milliseconds.
    public var pipelineMs: Double
    /// Mean CSAT given to AI answers on this ticket, if any.
    public var csatAI: Double?
    /// Mean CSAT given to human answers on this ticket, if any.
    public var csatHuman: Double?
    /// Latest QA verdict on the ticket's AI answer, if reviewed.
    public var aiAnswerAccurate: Bool?
    /// Answers taken from the answer cache (answering runs whose engine was `answer-cache`).
    public var answerCacheHits: Int
    /// Who holds (or held) the ticket: the agent a human answer is credited to.
    public var assignee: String?

    public init(
        id: Int64, createdAt: Date, firstResponseAt: Date? = nil, resolvedAt: Date? = nil, status: TicketStatus,
        route: Route? = nil, category: String? = nil, aiMessages: Int = 0, agentMessages: Int = 0,
        customerMessagesAfterReply: Int = 0, pipelineMs: Double = 0, csatAI: Double? = nil, csatHuman: Double? = nil,
        aiAnswerAccurate: Bool? = nil, answerCacheHits: Int = 0, assignee: String? = nil
    ) {
        self.id = id
        self.createdAt = createdAt
        self.firstResponseAt = firstResponseAt
        self.resolvedAt = resolvedAt
        self.status = status
        self.route = route
        self.category = category
        self.aiMessages = aiMessages
        self.agentMessages = agentMessages
        self.customerMessagesAfterReply = customerMessagesAfterReply
        self.pipelineMs = pipelineMs
        self.csatAI = csatAI
        self.csatHuman = csatHuman
        self.aiAnswerAccurate = aiAnswerAccurate
        self.answerCacheHits = answerCacheHits
        self.assignee = assignee
    }

    /// Answered by the AI alone: an AI reply and no agent reply.
    public var resolvedByAI: Bool { aiMessages > 0 && agentMessages == 0 }
    /// A person had to act: escalated, held for review, or an agent replied.
    public var reachedAHuman: Bool {
        agentMessages > 0 || [.escalated, .awaitingReview].contains(status)
    }
}
