import Foundation

/// The email channel's archive port: each inbound mail's raw bytes and its attachments, kept next to the
/// customer message the pipeline read (which is the stripped text).
public protocol MailArchiveStore: Sendable {
    /// Stores the original and the attachments of one customer message in one transaction. Idempotent: a
    /// message's original, and each of its parts, are stored once; storing again (a mail read again after a
    /// crash) changes nothing. Returns false when everything was already stored.
    @discardableResult
    func saveMailArchive(_ archive: MailArchive, at now: Date) async throws -> Bool

    /// The attachments of ticket `ticketID`, metadata only, by message then position in the mail.
    func mailAttachments(ticketID: Int64) async throws -> [MailAttachment]

    /// One attachment with its bytes (nil bytes when they were not kept), or nil when there is none `id`.
    func mailAttachment(id: Int64) async throws -> (attachment: MailAttachment, data: [UInt8]?)?

    /// The stored originals of ticket `ticketID`, described (no bytes), by message.
    func mailOriginals(ticketID: Int64) async throws -> [MailOriginal]

    /// The original of customer message `messageID` with its bytes, or nil when none was stored.
    func mailOriginal(messageID: Int64) async throws -> (original: MailOriginal, raw: [UInt8])?
}
