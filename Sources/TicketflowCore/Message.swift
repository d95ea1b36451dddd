import Foundation

/// A knowledge-base source an AI message relied on.
public struct Citation: Codable, Sendable, Equatable, Hashable {
    public var articleID: String
    public var title: String
    public var chunkID: String?

    public init(articleID: String, title: String, chunkID: String? = nil) {
        self.articleID = articleID
        self.title = title
        self.chunkID = chunkID
    }

    enum CodingKeys: String, CodingKey {
        case title
        case articleID = "article_id"
        case chunkID = "chunk_id"
    }
}

/// One message in a ticket's conversation.
public struct Message: Codable, Sendable, Equatable {
    public var id: Int64
    public var ticketID: Int64
    public var author: MessageAuthor
    public var body: String
    public var createdAt: Date
    public var citations: [Citation]
    /// How it is reaching the customer; nil when it is not sent anywhere (a
    /// customer's own message, or a channel without a delivery adapter).
    public var delivery: Delivery?

    public init(
        id: Int64, ticketID: Int64, author: MessageAuthor, body: String,
        createdAt: Date, citations: [Citation] = [], delivery: Delivery? = nil
    ) {
        self.id = id
        self.ticketID = ticketID
        self.author = author
        self.body = body
        self.createdAt = createdAt
        self.citations = citations
        self.delivery = delivery
    }

    /// The body as a customer reads it: the "[Source: …]" markers removed (see `SourceMarker`); the
    /// citations go with it as links or a source list. Written into the API's JSON as `customer_text`.
    public var customerText: String { SourceMarker.removing(from: body) }

    enum CodingKeys: String, CodingKey {
        case id, author, body, citations, delivery
        case ticketID = "ticket_id"
        case createdAt = "created_at"
        case customerText = "customer_text"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try container.decode(Int64.self, forKey: .id),
            ticketID: try container.decode(Int64.self, forKey: .ticketID),
            author: try container.decode(MessageAuthor.self, forKey: .author),
            body: try container.decode(String.self, forKey: .body),
            createdAt: try container.decode(Date.self, forKey: .createdAt),
            citations: try container.decodeIfPresent([Citation].self, forKey: .citations) ?? [],
            delivery: try container.decodeIfPresent(Delivery.self, forKey: .delivery))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(ticketID, forKey: .ticketID)
        try container.encode(author, forKey: .author)
        try container.encode(body, forKey: .body)
        try container.encode(customerText, forKey: .customerText)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(citations, forKey: .citations)
        try container.encodeIfPresent(delivery, forKey: .delivery)
    }
}

/// A message before the store has given it an id.
public struct NewMessage: Sendable, Equatable {
    public var author: MessageAuthor
    public var body: String
    public var createdAt: Date
    public var citations: [Citation]
    /// Where to send it; the store writes its delivery and the job that sends
    /// it in the message's own transaction (the outbox).
    public var delivery: DeliveryAddress?

    public init(
        author: MessageAuthor, body: String, createdAt: Date, citations: [Citation] = [],
        delivery: DeliveryAddress? = nil
    ) {
        self.author = author
        self.body = body
        self.createdAt = createdAt
        self.citations = citations
        self.delivery = delivery
    }
}
