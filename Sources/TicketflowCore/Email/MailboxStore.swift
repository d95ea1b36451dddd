import Foundation

/// How far a mailbox poller has read one IMAP folder: UIDs are only meaningful with the folder's
/// UIDVALIDITY, so both are kept; when the server's UIDVALIDITY changes, reading starts again from UID 1
/// (and Message-IDs keep that from duplicating tickets).
public struct MailboxPosition: Sendable, Equatable {
    public var uidValidity: Int64
    /// The highest UID handled; the next poll fetches from `lastUID + 1`.
    public var lastUID: Int64

    public init(uidValidity: Int64, lastUID: Int64) {
        self.uidValidity = uidValidity
        self.lastUID = lastUID
    }
}

/// Which way a recorded email went.
public enum EmailDirection: String, Sendable, Codable, CaseIterable {
    /// A customer's mail that opened or continued a ticket.
    case inbound = "in"
    /// A reply Ticketflow sent.
    case outbound = "out"
}

/// The email channel's storage port: mailbox positions, and the Message-IDs of mails in and out with their
/// ticket, so a reply threads by In-Reply-To/References and a mail fetched twice is recognised.
public protocol MailboxStore: Sendable {
    /// The saved position of `mailbox` (a key naming user, server and folder), or nil before the first poll.
    func mailboxPosition(_ mailbox: String) async throws -> MailboxPosition?

    /// Saves the position of `mailbox`, replacing any earlier one.
    func saveMailboxPosition(_ mailbox: String, _ position: MailboxPosition, at now: Date) async throws

    /// Records that `messageID` belongs to ticket `ticketID` and went through the mailbox named `mailbox`
    /// (nil: not known). Returns false when it was already recorded (the first record wins).
    @discardableResult
    func recordEmailMessageID(
        _ messageID: String, ticketID: Int64, direction: EmailDirection, mailbox: String?, at now: Date
    ) async throws -> Bool

    /// The ticket of the first of `messageIDs` that is recorded, in the given order; nil when none is.
    func ticket(forEmailMessageIDs messageIDs: [String]) async throws -> Int64?

    /// The latest customer mail recorded for the ticket, or nil when there is none: a reply answers it
    /// (In-Reply-To) and goes out through its mailbox.
    func latestInboundEmail(ticketID: Int64) async throws -> InboundEmailRecord?

    /// The delivery whose channel id (an email's Message-ID) is `providerID`, for a bounce.
    func delivery(providerID: String) async throws -> Delivery?
}

/// A customer mail recorded for a ticket.
public struct InboundEmailRecord: Sendable, Equatable {
    /// Its Message-ID, as recorded.
    public var messageID: String
    /// The mailbox it came through; nil when not known (recorded before mailboxes were named).
    public var mailbox: String?

    public init(messageID: String, mailbox: String?) {
        self.messageID = messageID
        self.mailbox = mailbox
    }
}

extension MailboxStore {
    /// The Message-ID of the latest customer mail recorded for the ticket, for a reply's In-Reply-To.
    public func latestInboundEmailMessageID(ticketID: Int64) async throws -> String? {
        try await latestInboundEmail(ticketID: ticketID)?.messageID
    }

    /// The mailbox the ticket's latest customer mail came through; nil when none is recorded.
    public func latestInboundMailbox(ticketID: Int64) async throws -> String? {
        try await latestInboundEmail(ticketID: ticketID)?.mailbox
    }

    /// Records `messageID` without naming a mailbox (replies, and callers that read a single mailbox).
    @discardableResult
    public func recordEmailMessageID(
        _ messageID: String, ticketID: Int64, direction: EmailDirection, at now: Date
    ) async throws -> Bool {
        try await recordEmailMessageID(messageID, ticketID: ticketID, direction: direction, mailbox: nil, at: now)
    }
}
