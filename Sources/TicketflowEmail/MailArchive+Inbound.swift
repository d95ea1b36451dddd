import TicketflowCore
import TicketflowMIME

extension MailArchive {
    /// Why a part's bytes are missing when the parser did not load them.
    public static let parseLimitReason = "not loaded: over a parse limit"

    /// What to keep of a mail stored as customer message `messageID`: its raw bytes up to the limit (marked
    /// truncated when cut, or when only its header was fetched) and every attachment's metadata, with the
    /// bytes of those within the limit.
    public init(
        ticketID: Int64, messageID: Int64, raw: [UInt8], headerOnly: Bool, attachments: [MIMEAttachment],
        limits: MailArchiveLimits
    ) {
        let cut = raw.count > limits.maxOriginalBytes
        self.init(
            ticketID: ticketID, messageID: messageID,
            original: cut ? Array(raw.prefix(max(0, limits.maxOriginalBytes))) : raw, isTruncated: cut || headerOnly,
            attachments: attachments.map { Self.attachment($0, limits: limits) })
    }

    /// One attachment to store: its bytes when loaded and within the limit, else the reason they are missing.
    public static func attachment(_ part: MIMEAttachment, limits: MailArchiveLimits) -> NewMailAttachment {
        let reason: String? =
            if part.isOmitted {
                parseLimitReason
            } else if part.size > limits.maxAttachmentBytes {
                "over the \(ByteCount.text(limits.maxAttachmentBytes)) limit"
            } else {
                nil
            }
        return NewMailAttachment(
            partPath: part.partPath, filename: part.filename, contentType: part.contentType, size: part.size,
            isInline: part.isInline, omittedReason: reason, data: reason == nil ? part.data : nil)
    }
}
