/// How much of each inbound mail is kept: attachments up to `maxAttachmentBytes` each (larger ones keep their
/// name, type and size only), and the raw mail up to `maxOriginalBytes` (longer ones keep their start).
public struct MailArchiveLimits: Sendable, Equatable {
    /// The largest attachment whose bytes are kept (`email_attachment_max_bytes`, 10 MiB by default).
    public var maxAttachmentBytes: Int
    /// The most bytes of a raw mail kept (`email_original_max_bytes`, 25 MiB by default).
    public var maxOriginalBytes: Int

    /// Limits; the defaults keep what common mail services send (25 MiB mails) and 10 MiB per file.
    public init(maxAttachmentBytes: Int = 10 << 20, maxOriginalBytes: Int = 25 << 20) {
        self.maxAttachmentBytes = maxAttachmentBytes
        self.maxOriginalBytes = maxOriginalBytes
    }
}
