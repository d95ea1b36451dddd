import Foundation

/// A file carried by a message: everything a store or console needs, and the bytes unless over a limit.
public struct MIMEAttachment: Sendable, Equatable {
    /// The filename the sender gave, if any.
    public var filename: String?
    /// The content type, e.g. "application/pdf".
    public var contentType: String
    /// The decoded size in bytes (counted without decoding when omitted).
    public var size: Int
    /// The Content-ID, for inline images that HTML refers to with `cid:`.
    public var contentID: String?
    /// Whether the sender meant it inline (shown in the body) rather than as a download.
    public var isInline: Bool
    /// The decoded bytes; empty when `isOmitted`.
    public var data: [UInt8]
    /// True when the attachment was over a `MIMEParseLimits` limit and not loaded.
    public var isOmitted: Bool
    /// Where the part sits in the message, IMAP style ("2", "1.3").
    public var partPath: String

    /// Creates an attachment description.
    public init(
        filename: String?, contentType: String, size: Int, contentID: String?, isInline: Bool, data: [UInt8],
        isOmitted: Bool, partPath: String
    ) {
        self.filename = filename
        self.contentType = contentType
        self.size = size
        self.contentID = contentID
        self.isInline = isInline
        self.data = data
        self.isOmitted = isOmitted
        self.partPath = partPath
    }
}
