import Foundation

/// Bounds on what parsing loads, so one hostile or huge mail cannot exhaust memory. Parts over a limit are kept
/// as metadata (name, type, size) marked omitted, with a note; the raw message is always kept whole.
public struct MIMEParseLimits: Sendable, Equatable {
    /// The largest attachment decoded into memory, in decoded bytes.
    public var maxAttachmentBytes: Int
    /// How many attachments are decoded; later ones are listed as omitted.
    public var maxAttachments: Int
    /// How deep multiparts and embedded messages are followed; deeper ones are kept undecoded.
    public var maxPartDepth: Int
    /// The most parts of any kind read from one message.
    public var maxParts: Int
    /// The most bytes of one text body part decoded; longer text is truncated.
    public var maxTextBytes: Int

    /// Creates limits; the defaults suit a support inbox (25 MiB attachments, as Gmail sends).
    public init(
        maxAttachmentBytes: Int = 25 * 1024 * 1024, maxAttachments: Int = 50, maxPartDepth: Int = 10,
        maxParts: Int = 500, maxTextBytes: Int = 2 * 1024 * 1024
    ) {
        self.maxAttachmentBytes = maxAttachmentBytes
        self.maxAttachments = maxAttachments
        self.maxPartDepth = maxPartDepth
        self.maxParts = maxParts
        self.maxTextBytes = maxTextBytes
    }
}
