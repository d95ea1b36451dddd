import Foundation

/// Everything a person needs to pick up an escalated or review ticket without
/// reading its whole history: who the customer is, how triage labelled the
/// ticket, what the AI tried and why it stopped, its draft, a recommended
/// next step and a three-line summary. A stable JSON contract
/// (`EscalationPackage` in docs/openapi.yaml), stored with the ticket.
public struct EscalationPackage: Codable, Sendable, Equatable {
    /// Contract version; bumped only on a breaking change.
    public static let currentVersion = 1

    /// The four reasons the contract names for the AI handing over.
    public enum FailureReason: String, Codable, Sendable, CaseIterable {
        case lowConfidence = "low_confidence"
        case urgencyEscalation = "urgency_escalation"
        case policyFlag = "policy_flag"
        case llmUnavailable = "llm_unavailable"
    }

    /// Who the customer is and how much they matter.
    public struct CustomerInfo: Codable, Sendable, Equatable {
        /// Display name, nil when the ticket is anonymous.
        public var name: String?
        /// Plan or tier (free, pro, enterprise...).
        public var plan: String?
        /// Tickets this customer opened in the 30 days before the package was built (this one included).
        public var ticketsLast30Days: Int
        /// Lifetime value as the intake source reported it.
        public var lifetimeValue: Double?

        /// Creates the customer part.
        public init(name: String?, plan: String?, ticketsLast30Days: Int, lifetimeValue: Double?) {
            self.name = name
            self.plan = plan
            self.ticketsLast30Days = ticketsLast30Days
            self.lifetimeValue = lifetimeValue
        }

        enum CodingKeys: String, CodingKey {
            case name, plan
            case ticketsLast30Days = "tickets_last_30_days"
            case lifetimeValue = "lifetime_value"
        }
    }

    /// How triage labelled the ticket.
    public struct Classification: Codable, Sendable, Equatable {
        /// Triaged (or relabelled) category.
        public var category: String?
        /// Classifier confidence for the category.
        public var categoryConfidence: Double?
        /// positive, neutral, negative or urgent.
        public var sentiment: Sentiment?
        /// 1 (can wait) to 5 (now).
        public var urgency: Int?
        /// Churn, legal or repeat-contact risk.
        public var escalationRisk: Bool
        /// One-sentence reason for the urgency score.
        public var reason: String?

        /// Creates the classification part.
        public init(
            category: String?, categoryConfidence: Double?, sentiment: Sentiment?, urgency: Int?, escalationRisk: Bool,
            reason: String?
        ) {
            self.category = category
            self.categoryConfidence = categoryConfidence
            self.sentiment = sentiment
            self.urgency = urgency
            self.escalationRisk = escalationRisk
            self.reason = reason
        }

        enum CodingKeys: String, CodingKey {
            case category, sentiment, urgency, reason
            case categoryConfidence = "category_confidence"
            case escalationRisk = "escalation_risk"
        }
    }

    /// What the AI tried before handing over.
    public struct AIAttempt: Codable, Sendable, Equatable {
        /// Answers the AI composed for this ticket (sent or held), over all pipeline runs.
        public var answersTried: Int
        /// The main reason it stopped, nil when nothing was recorded.
        public var failureReason: FailureReason?
        /// Every raw gate reason of the latest run (route_requires_review, grounding_flag...).
        public var reasons: [String]
        /// Confidence of the latest answer, if one was judged.
        public var confidence: Double?
        /// Titles of the knowledge-base articles retrieval found, best first.
        public var retrievedArticles: [String]
        /// What a chat visitor read of the latest answer while it was written (a site with `stream_answers`),
        /// before the gate held it; nil when they read nothing.
        public var customerPreview: String?

        /// Creates the attempt part.
        public init(
            answersTried: Int, failureReason: FailureReason?, reasons: [String], confidence: Double?,
            retrievedArticles: [String], customerPreview: String? = nil
        ) {
            self.answersTried = answersTried
            self.failureReason = failureReason
            self.reasons = reasons
            self.confidence = confidence
            self.retrievedArticles = retrievedArticles
            self.customerPreview = customerPreview
        }

        enum CodingKeys: String, CodingKey {
            case reasons, confidence
            case answersTried = "answers_tried"
            case failureReason = "failure_reason"
            case retrievedArticles = "retrieved_articles"
            case customerPreview = "customer_preview"
        }
    }

    /// Contract version of this package.
    public var version: Int
    /// The ticket it describes.
    public var ticketID: Int64
    /// When it was built.
    public var builtAt: Date
    /// The ticket's `updated_at` it was built from; a newer ticket means a stale package.
    public var ticketUpdatedAt: Date
    /// Customer facts.
    public var customer: CustomerInfo
    /// Triage labels.
    public var classification: Classification
    /// What the AI tried.
    public var aiAttempt: AIAttempt
    /// The AI draft, nil when the AI composed none.
    public var suggestedResponse: AnswerDraft?
    /// The next step the package recommends, one sentence.
    public var recommendedAction: String
    /// Exactly three bullets summarising the conversation.
    public var summary: [String]

    /// Creates a package.
    public init(
        version: Int = EscalationPackage.currentVersion, ticketID: Int64, builtAt: Date, ticketUpdatedAt: Date,
        customer: CustomerInfo, classification: Classification, aiAttempt: AIAttempt,
        suggestedResponse: AnswerDraft?, recommendedAction: String, summary: [String]
    ) {
        self.version = version
        self.ticketID = ticketID
        self.builtAt = builtAt
        self.ticketUpdatedAt = ticketUpdatedAt
        self.customer = customer
        self.classification = classification
        self.aiAttempt = aiAttempt
        self.suggestedResponse = suggestedResponse
        self.recommendedAction = recommendedAction
        self.summary = summary
    }

    enum CodingKeys: String, CodingKey {
        case version, customer, classification, summary
        case ticketID = "ticket_id"
        case builtAt = "built_at"
        case ticketUpdatedAt = "ticket_updated_at"
        case aiAttempt = "ai_attempt"
        case suggestedResponse = "suggested_response"
        case recommendedAction = "recommended_action"
    }
}
