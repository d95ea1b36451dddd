import Foundation

/// One attachment of a customer's mail as stored: what it is, and, when its bytes were not kept, why. Listing a
/// ticket's attachments never loads their bytes.
public struct MailAttachment: Codable, Sendable, Equatable {
    public var id: Int64
    public var ticketID: Int64
    /// The customer message whose mail carried it.
    public var messageID: Int64
    /// Where the part sat in the mail, IMAP style ("2", "1.3"); unique within one message.
    public var partPath: String
    /// The filename the sender gave, if any.
    public var filename: String?
    /// The content type the sender declared, e.g. "application/pdf". Never trusted for display.
    public var contentType: String
    /// The decoded size in bytes, also when the bytes were not kept.
    public var size: Int
    /// Whether the sender meant it inline (an image in the HTML) rather than as a download.
    public var isInline: Bool
    /// Why the bytes were not kept (e.g. "over the 10 MB limit"); nil when they were.
    public var omittedReason: String?
    public var createdAt: Date

    /// Creates stored attachment metadata.
    public init(
        id: Int64, ticketID: Int64, messageID: Int64, partPath: String, filename: String?, contentType: String,
        size: Int, isInline: Bool, omittedReason: String?, createdAt: Date
    ) {
        self.id = id
        self.ticketID = ticketID
        self.messageID = messageID
        self.partPath = partPath
        self.filename = filename
        self.contentType = contentType
        self.size = size
        self.isInline = isInline
        self.omittedReason = omittedReason
        self.createdAt = createdAt
    }

    /// Whether its bytes were kept and can be downloaded.
    public var isKept: Bool { omittedReason == nil }

    enum CodingKeys: String, CodingKey {
        case id, filename, size
        case ticketID = "ticket_id"
        case messageID = "message_id"
        case partPath = "part_path"
        case contentType = "content_type"
        case isInline = "inline"
        case omittedReason = "omitted_reason"
        case createdAt = "created_at"
    }
}

/// An attachment to store with its mail: the metadata always, the bytes only when they are kept.
public struct NewMailAttachment: Sendable, Equatable {
    public var partPath: String
    public var filename: String?
    public var contentType: String
    public var size: Int
    public var isInline: Bool
    /// Why the bytes are not kept; nil when `data` holds them.
    public var omittedReason: String?
    /// The decoded bytes; nil when omitted.
    public var data: [UInt8]?

    /// An attachment to store; pass `data` nil and a reason to keep the metadata only.
    public init(
        partPath: String, filename: String?, contentType: String, size: Int, isInline: Bool,
        omittedReason: String?, data: [UInt8]?
    ) {
        self.partPath = partPath
        self.filename = filename
        self.contentType = contentType
        self.size = size
        self.isInline = isInline
        self.omittedReason = omittedReason
        self.data = data
    }
}
