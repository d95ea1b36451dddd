import Foundation

/// One entity of a message's MIME tree: a leaf with decoded content, a multipart with children, or an embedded
/// message (message/rfc822) whose one child is the embedded message's own root part.
public struct MIMEPart: Sendable {
    /// The part's own header fields.
    public var headers: MIMEHeaders
    /// Its content type (the RFC 2045 default when absent or unreadable).
    public var contentType: MIMEContentType
    /// The Content-Transfer-Encoding, lowercased ("7bit" when absent).
    public var transferEncoding: String
    /// The Content-Disposition, if any.
    public var disposition: MIMEContentDisposition?
    /// A leaf's decoded bytes; an embedded message's raw bytes; empty for a multipart or an omitted part.
    public var body: [UInt8]
    /// The decoded text of a body text part (text/plain or text/html that is not an attachment).
    public var text: String?
    /// Children of a multipart, or the root part of an embedded message.
    public var parts: [MIMEPart]
    /// The decoded size in bytes (counted, not decoded, when omitted).
    public var size: Int
    /// True when the content was over a limit and not loaded.
    public var isOmitted: Bool
    /// True when text was cut at `MIMEParseLimits.maxTextBytes`.
    public var isTruncated: Bool
    /// Where the part sits, IMAP style ("1", "1.2"); empty for the message's root.
    public var path: String

    /// The filename: Content-Disposition's filename, else Content-Type's name (encoded words decoded).
    public var filename: String? {
        if let name = disposition?.filename, !name.isEmpty { return name }
        if let name = contentType.parameters["name"], !name.isEmpty { return MIMEEncodedWords.decode(name) }
        return nil
    }

    /// The Content-ID without angle brackets (what `cid:` links in HTML refer to).
    public var contentID: String? {
        guard let value = headers["Content-ID"] else { return nil }
        return MIMEMessageID.parseList(value).first ?? value
    }

    /// Whether this leaf is body text: text/plain or text/html, not marked as an attachment, without a filename.
    public var isBodyText: Bool {
        contentType.type == "text" && (contentType.subtype == "plain" || contentType.subtype == "html")
            && disposition?.isAttachment != true && filename == nil
    }

    /// Whether this is machinery of a delivery report (the status part, the returned headers).
    public var isReportPart: Bool {
        ["message/delivery-status", "message/global-delivery-status", "text/rfc822-headers", "message/global-headers"]
            .contains(contentType.mimeType)
    }

    /// Every part of the tree below and including this one, depth first.
    public var allParts: [MIMEPart] {
        [self] + parts.flatMap(\.allParts)
    }
}
