import Foundation
import TicketflowCore
import TicketflowMIME

/// One parsed inbound mail, reduced to what intake needs: who sent it, what it says, how it threads, what it
/// carries, and what automation or bounce it is. The raw bytes stay with the caller (the app keeps them).
public struct InboundMail: Sendable, Equatable {
    /// Domain of the Message-IDs made up for mails that carry none (".invalid" is reserved, RFC 2606).
    public static let syntheticMessageIDDomain = "ticketflow.invalid"
    /// Most thread keys tried: a hostile References header may list thousands of ids.
    public static let maximumThreadKeys = 50

    /// The Message-ID without angle brackets; made up from the raw bytes when the mail has none.
    public var messageID: String
    /// True when `messageID` was made up (so a reply must not refer to it).
    public var hasSyntheticMessageID: Bool
    /// The From address, normalised; nil when there is no readable From.
    public var sender: EmailAddress?
    /// The From display name, if any.
    public var senderName: String?
    /// The subject with encoded words decoded and whitespace trimmed; nil when absent or blank.
    public var subject: String?
    /// The text a pipeline should read: quoted history and signature stripped, trimmed.
    public var text: String
    /// The whole body as text, quotes included, trimmed.
    public var fullText: String
    /// The In-Reply-To ids, without angle brackets.
    public var inReplyTo: [String]
    /// The References ids, oldest first, without angle brackets.
    public var references: [String]
    /// Metadata of every attachment, inline images included.
    public var attachments: [InboundAttachment]
    /// What was malformed, guessed or made up while reading the mail (empty for a clean one).
    public var notes: [String]
    /// Whether a machine sent it (auto-reply, bulk, list, bounce).
    public var automation: MIMEAutomation
    /// The delivery report, when the mail is a bounce.
    public var bounce: MIMEBounce?
    /// The Date header, when readable.
    public var date: Date?

    /// Reads a parsed message. NUL characters (a raw 0x00 byte, quoted-printable =00) are dropped from
    /// every text: they mean nothing in a mail, and PostgreSQL cannot store them (`String.containsNUL`).
    public init(_ message: MIMEMessage) {
        self.init(unsanitized: message)
        messageID = messageID.removingNULs
        senderName = senderName?.removingNULs
        subject = subject?.removingNULs
        text = text.removingNULs
        fullText = fullText.removingNULs
        inReplyTo = inReplyTo.map(\.removingNULs)
        references = references.map(\.removingNULs)
        notes = notes.map(\.removingNULs)
        attachments = attachments.map { attachment in
            var clean = attachment
            clean.filename = attachment.filename?.removingNULs
            clean.contentType = attachment.contentType.removingNULs
            return clean
        }
    }

    private init(unsanitized message: MIMEMessage) {
        var notes = message.notes
        if let id = message.messageID {
            messageID = id
            hasSyntheticMessageID = false
        } else {
            // A hash of the bytes, so fetching the same mail again gives the same id and intake stays idempotent.
            messageID = Self.syntheticMessageID(raw: message.raw)
            hasSyntheticMessageID = true
            notes.append("mail: no Message-ID, using <\(messageID)> made from its bytes")
        }
        let from = message.from.first
        sender = from.flatMap { EmailAddress($0.address) }
        senderName = from?.name
        if let from, sender == nil { notes.append("mail: From '\(from.address)' is not an email address") }
        let subject = message.subject?.trimmingCharacters(in: .whitespacesAndNewlines)
        self.subject = subject?.isEmpty == false ? subject : nil
        text = message.text.trimmingCharacters(in: .whitespacesAndNewlines)
        fullText = message.fullText.trimmingCharacters(in: .whitespacesAndNewlines)
        inReplyTo = message.inReplyTo
        references = message.references
        attachments = message.attachments.map(InboundAttachment.init)
        self.notes = notes
        automation = message.automation
        bounce = message.bounce
        date = message.date
    }

    /// Parses raw message bytes and reads them.
    public static func parse(_ raw: [UInt8], limits: MIMEParseLimits = MIMEParseLimits()) -> InboundMail {
        InboundMail(MIMEMessage.parse(raw, limits: limits))
    }

    /// The Message-ID given to a mail without one: the same bytes always give the same id.
    public static func syntheticMessageID(raw: [UInt8]) -> String {
        // Two FNV-1a passes (forward and over the length-prefixed bytes) make 128 bits, so unrelated mails
        // practically never share an id.
        let forward = FNV1a.hash64(raw)
        let salted = FNV1a.hash64(Array("\(raw.count):".utf8) + raw)
        let hex = [forward, salted].map { value in
            let digits = String(value, radix: 16)
            return String(repeating: "0", count: 16 - digits.count) + digits
        }
        return "synthetic-\(hex.joined())@\(syntheticMessageIDDomain)"
    }

    /// The ids to look a ticket up by, most telling first: In-Reply-To, then References newest first, without
    /// this mail's own id or repeats, at most `maximumThreadKeys`.
    public var threadKeys: [String] {
        var keys: [String] = []
        var seen: Set<String> = [messageID]
        for id in inReplyTo + references.reversed() where !seen.contains(id) {
            seen.insert(id)
            keys.append(id)
            if keys.count == Self.maximumThreadKeys { break }
        }
        return keys
    }

    /// The body for the pipeline: the stripped text, else the full text, else a placeholder naming what came.
    public var body: String {
        if !text.isEmpty { return text }
        if !fullText.isEmpty { return fullText }
        switch attachments.count {
        case 0: return "(no text)"
        case 1: return "(no text; 1 attachment)"
        default: return "(no text; \(attachments.count) attachments)"
        }
    }
}
