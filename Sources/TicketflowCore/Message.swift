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

    enum CodingKeys: String, CodingKey {
        case id, author, body, citations, delivery
        case ticketID = "ticket_id"
        case createdAt = "created_at"
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
