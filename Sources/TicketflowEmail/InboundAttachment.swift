import TicketflowMIME

/// What the console and the store need to know about one attachment of an inbound mail; the bytes stay in the
/// parsed `MIMEMessage` (find them by `partPath`).
public struct InboundAttachment: Sendable, Equatable {
    /// The filename the sender gave, if any.
    public var filename: String?
    /// The content type, e.g. "application/pdf".
    public var contentType: String
    /// The decoded size in bytes.
    public var size: Int
    /// True when the attachment was over a parse limit and its bytes were not loaded.
    public var isOmitted: Bool
    /// Whether the sender meant it inline (an image in the HTML) rather than as a download.
    public var isInline: Bool
    /// Where the part sits in the message, IMAP style ("2", "1.3").
    public var partPath: String

    /// Creates attachment metadata.
    public init(
        filename: String?, contentType: String, size: Int, isOmitted: Bool, isInline: Bool, partPath: String
    ) {
        self.filename = filename
        self.contentType = contentType
        self.size = size
        self.isOmitted = isOmitted
        self.isInline = isInline
        self.partPath = partPath
    }

    /// The metadata of a parsed attachment.
    public init(_ attachment: MIMEAttachment) {
        self.init(
            filename: attachment.filename, contentType: attachment.contentType, size: attachment.size,
            isOmitted: attachment.isOmitted, isInline: attachment.isInline, partPath: attachment.partPath)
    }
}
