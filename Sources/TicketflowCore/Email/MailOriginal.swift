import Foundation

/// The stored raw bytes of a customer's mail, described: the message they belong to and how much was kept.
/// The pipeline reads the stripped text; the original keeps the quoted history, signature and every header.
public struct MailOriginal: Codable, Sendable, Equatable {
    /// The customer message the mail became.
    public var messageID: Int64
    public var ticketID: Int64
    /// Bytes kept.
    public var size: Int
    /// True when only the start of the mail was kept (over a size limit, or only its header was fetched).
    public var isTruncated: Bool
    public var createdAt: Date

    /// Describes a stored original.
    public init(messageID: Int64, ticketID: Int64, size: Int, isTruncated: Bool, createdAt: Date) {
        self.messageID = messageID
        self.ticketID = ticketID
        self.size = size
        self.isTruncated = isTruncated
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case size
        case messageID = "message_id"
        case ticketID = "ticket_id"
        case isTruncated = "truncated"
        case createdAt = "created_at"
    }
}

/// What to archive for one stored customer message: the mail's bytes and its attachments.
public struct MailArchive: Sendable, Equatable {
    public var ticketID: Int64
    /// The customer message the mail became.
    public var messageID: Int64
    /// The mail's bytes as kept (the start only when `isTruncated`).
    public var original: [UInt8]
    /// True when `original` is not the whole mail.
    public var isTruncated: Bool
    public var attachments: [NewMailAttachment]

    /// An archive entry for message `messageID` of ticket `ticketID`.
    public init(
        ticketID: Int64, messageID: Int64, original: [UInt8], isTruncated: Bool, attachments: [NewMailAttachment]
    ) {
        self.ticketID = ticketID
        self.messageID = messageID
        self.original = original
        self.isTruncated = isTruncated
        self.attachments = attachments
    }
}
