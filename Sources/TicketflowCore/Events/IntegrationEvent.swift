import Foundation

/// What happened to a ticket, as integrators follow it: the incremental feed
/// (`GET /v1/events?after=`) and outbound webhooks read the same stored
/// events, so a poller and a webhook receiver see one history.
public enum IntegrationEventType: String, Codable, Sendable, CaseIterable {
    case ticketCreated = "ticket.created"
    case ticketUpdated = "ticket.updated"
    case ticketEscalated = "ticket.escalated"
    case ticketResolved = "ticket.resolved"
    case messageCreated = "message.created"
    case deliveryFailed = "delivery.failed"
    /// An internal note mentioned teammates (`mentions`, `actor`); the note's text stays in the console.
    case noteMentioned = "note.mentioned"
    /// An open ticket's SLA clock is close to its target (`reason` says how close); sent once per clock.
    case ticketSLAAtRisk = "ticket.sla_at_risk"
}

/// The ticket as it was when the event happened: enough to decide whether to
/// fetch the whole ticket, small enough to store with every event.
public struct IntegrationEventData: Codable, Sendable, Hashable {
    public var status: TicketStatus
    public var channel: Channel
    public var route: Route?
    public var category: String?
    public var urgency: Int?
    public var assignee: String?
    /// For `message.created`: who wrote it.
    public var author: MessageAuthor?
    /// For `delivery.failed`: why; for `ticket.sla_at_risk`: how long is left.
    public var reason: String?
    /// For `note.mentioned`: the teammates mentioned (emails).
    public var mentions: [String]?
    /// For `note.mentioned`: who wrote the note.
    public var actor: String?

    public init(
        status: TicketStatus, channel: Channel, route: Route? = nil, category: String? = nil, urgency: Int? = nil,
        assignee: String? = nil, author: MessageAuthor? = nil, reason: String? = nil
    ) {
        self.status = status
        self.channel = channel
        self.route = route
        self.category = category
        self.urgency = urgency
        self.assignee = assignee
        self.author = author
        self.reason = reason
    }

    /// The ticket's fields that events carry.
    public init(_ ticket: Ticket) {
        self.init(
            status: ticket.status, channel: ticket.channel, route: ticket.route, category: ticket.category,
            urgency: ticket.urgency, assignee: ticket.assignee)
    }
}

extension IntegrationEventData {
    /// The JSON text of each distinct value in `events`, encoded once: a write's
    /// ticket events share one value, so intake encodes two instead of four.
    public static func encodedOnce(_ events: [NewIntegrationEvent]) throws -> [IntegrationEventData: String] {
        var encoded: [IntegrationEventData: String] = [:]
        for event in events where encoded[event.data] == nil { encoded[event.data] = try JSONColumn.encode(event.data) }
        return encoded
    }
}

/// An event before the store has given it its place in the feed.
public struct NewIntegrationEvent: Sendable, Equatable {
    public var type: IntegrationEventType
    public var ticketID: Int64
    public var messageID: Int64?
    public var data: IntegrationEventData
    public var createdAt: Date

    public init(
        type: IntegrationEventType, ticketID: Int64, messageID: Int64? = nil, data: IntegrationEventData,
        createdAt: Date
    ) {
        self.type = type
        self.ticketID = ticketID
        self.messageID = messageID
        self.data = data
        self.createdAt = createdAt
    }
}

/// A stored event. Its id is the feed position: events are numbered in the
/// order their transactions committed, so reading `after` the last id seen
/// never skips one that commits later.
public struct IntegrationEvent: Codable, Sendable, Equatable {
    public var id: Int64
    public var type: IntegrationEventType
    public var ticketID: Int64
    public var messageID: Int64?
    public var data: IntegrationEventData
    public var createdAt: Date

    public init(
        id: Int64, type: IntegrationEventType, ticketID: Int64, messageID: Int64?, data: IntegrationEventData,
        createdAt: Date
    ) {
        self.id = id
        self.type = type
        self.ticketID = ticketID
        self.messageID = messageID
        self.data = data
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case id, type, data
        case ticketID = "ticket_id"
        case messageID = "message_id"
        case createdAt = "created_at"
    }
}
