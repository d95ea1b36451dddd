import Foundation

/// A support conversation and everything triage decided about it.
public struct Ticket: Codable, Sendable, Equatable {
    public var id: Int64
    public var externalID: String?
    public var customerID: Int64?
    public var channel: Channel
    public var subject: String
    public var status: TicketStatus
    public var category: String?
    public var categoryConfidence: Double?
    public var sentiment: Sentiment?
    public var urgency: Int?
    public var escalationRisk: Bool
    public var escalationReason: String?
    public var route: Route?
    public var assignee: String?
    public var tags: [String]
    public var createdAt: Date
    public var updatedAt: Date
    public var firstResponseAt: Date?
    public var resolvedAt: Date?
    /// Where the SLA clock starts when not at `createdAt`: the customer's message that brought the ticket back
    /// from `pending` or `on_hold`, so time spent parked never counts against the team.
    public var slaStartedAt: Date?
    /// The ticket this conversation continues in: one an agent merged it into as a duplicate, or the
    /// follow-up opened when the customer wrote again after the reopen window. Whatever is written to this
    /// ticket from then on goes there.
    public var continuedIn: Int64?

    /// The SLA clock's origin.
    public var slaOrigin: Date { slaStartedAt ?? createdAt }

    public init(
        id: Int64, externalID: String? = nil, customerID: Int64? = nil, channel: Channel,
        subject: String, status: TicketStatus = .new, category: String? = nil,
        categoryConfidence: Double? = nil, sentiment: Sentiment? = nil, urgency: Int? = nil,
        escalationRisk: Bool = false, escalationReason: String? = nil, route: Route? = nil,
        assignee: String? = nil, tags: [String] = [], createdAt: Date, updatedAt: Date? = nil,
        firstResponseAt: Date? = nil, resolvedAt: Date? = nil, slaStartedAt: Date? = nil, continuedIn: Int64? = nil
    ) {
        self.slaStartedAt = slaStartedAt
        self.continuedIn = continuedIn
        self.id = id
        self.externalID = externalID
        self.customerID = customerID
        self.channel = channel
        self.subject = subject
        self.status = status
        self.category = category
        self.categoryConfidence = categoryConfidence
        self.sentiment = sentiment
        self.urgency = urgency
        self.escalationRisk = escalationRisk
        self.escalationReason = escalationReason
        self.route = route
        self.assignee = assignee
        self.tags = tags
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
        self.firstResponseAt = firstResponseAt
        self.resolvedAt = resolvedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, channel, subject, status, category, sentiment, urgency, route, assignee, tags
        case externalID = "external_id"
        case customerID = "customer_id"
        case categoryConfidence = "category_confidence"
        case escalationRisk = "escalation_risk"
        case escalationReason = "escalation_reason"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
        case firstResponseAt = "first_response_at"
        case resolvedAt = "resolved_at"
        case slaStartedAt = "sla_started_at"
        case continuedIn = "continued_in"
    }
}

extension Ticket {
    /// The synthesized shape, plus `language` when the ticket was written in another language than the knowledge
    /// base's, so API clients need not parse the `lang:` tag. Written out because Swift cannot add a key to a
    /// synthesized encoder; decoding stays synthesized and ignores `language` (it follows from the tags).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encodeIfPresent(externalID, forKey: .externalID)
        try container.encodeIfPresent(customerID, forKey: .customerID)
        try container.encode(channel, forKey: .channel)
        try container.encode(subject, forKey: .subject)
        try container.encode(status, forKey: .status)
        try container.encodeIfPresent(category, forKey: .category)
        try container.encodeIfPresent(categoryConfidence, forKey: .categoryConfidence)
        try container.encodeIfPresent(sentiment, forKey: .sentiment)
        try container.encodeIfPresent(urgency, forKey: .urgency)
        try container.encode(escalationRisk, forKey: .escalationRisk)
        try container.encodeIfPresent(escalationReason, forKey: .escalationReason)
        try container.encodeIfPresent(route, forKey: .route)
        try container.encodeIfPresent(assignee, forKey: .assignee)
        try container.encode(tags, forKey: .tags)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
        try container.encodeIfPresent(firstResponseAt, forKey: .firstResponseAt)
        try container.encodeIfPresent(resolvedAt, forKey: .resolvedAt)
        try container.encodeIfPresent(slaStartedAt, forKey: .slaStartedAt)
        try container.encodeIfPresent(continuedIn, forKey: .continuedIn)
        var derived = encoder.container(keyedBy: DerivedKeys.self)
        try derived.encodeIfPresent(otherLanguage, forKey: .language)
    }

    private enum DerivedKeys: String, CodingKey {
        case language
    }

    /// The tag prefix that marks a ticket written in another language than the knowledge base's (`lang:es`).
    public static let languageTagPrefix = "lang:"

    /// The language the ticket was found written in, when another than the knowledge base's.
    public var otherLanguage: String? {
        tags.first { $0.hasPrefix(Self.languageTagPrefix) }.map { String($0.dropFirst(Self.languageTagPrefix.count)) }
    }
}

/// A ticket with its conversation, customer and full decision trace.
public struct TicketDetail: Codable, Sendable, Equatable {
    public var ticket: Ticket
    public var customer: Customer?
    public var messages: [Message]
    /// The AI answer waiting for human review, if any.
    public var draft: AnswerDraft?
    public var trace: [TraceEntry]

    public init(
        ticket: Ticket, customer: Customer?, messages: [Message], draft: AnswerDraft? = nil,
        trace: [TraceEntry]
    ) {
        self.ticket = ticket
        self.customer = customer
        self.messages = messages
        self.draft = draft
        self.trace = trace
    }
}
