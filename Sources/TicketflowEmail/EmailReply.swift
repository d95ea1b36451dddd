import Foundation
import TicketflowCore
import TicketflowMIME

/// A reply to a customer as mail bytes for SMTP, with the Message-ID to remember so the customer's answer to
/// it threads back to the ticket.
public struct EmailReply: Sendable, Equatable {
    /// The message the reply answers: the customer's latest mail in the ticket.
    public struct Parent: Sendable, Equatable {
        /// Its Message-ID, without angle brackets.
        public var messageID: String
        /// Its References (else its single In-Reply-To), oldest first.
        public var references: [String]

        /// Creates a parent from stored ids.
        public init(messageID: String, references: [String] = []) {
            self.messageID = messageID
            self.references = references
        }

        /// The parent an inbound mail makes; nil when its Message-ID was made up (no one could thread on it).
        public init?(_ mail: InboundMail) {
            guard !mail.hasSyntheticMessageID else { return nil }
            let references = mail.references.isEmpty && mail.inReplyTo.count == 1 ? mail.inReplyTo : mail.references
            self.init(messageID: mail.messageID, references: references)
        }
    }

    /// Most ids in References: long threads keep the first and the latest (as MIMEComposer does).
    public static let maximumReferences = 30

    /// This reply's Message-ID, without angle brackets.
    public var messageID: String
    /// The subject as sent.
    public var subject: String
    /// The In-Reply-To id, if any.
    public var inReplyTo: String?
    /// The References ids, oldest first.
    public var references: [String]
    /// The message as RFC 5322 bytes with CRLF line ends (dot-stuffing is the SMTP client's job).
    public var bytes: [UInt8]

    /// Writes the reply to `customer` about ticket `ticketID`. The subject is "Re: <ticket subject> [TF-id]"
    /// however many prefixes or tokens the ticket subject had; the body goes out as text and HTML with the
    /// citations as a Sources list and links ("[Source: ...]" markers are removed from the text). Answers
    /// written by the AI or the system carry `Auto-Submitted: auto-replied` (RFC 3834), so well-behaved
    /// auto-responders do not answer them; an agent's reply does not.
    public static func compose(
        from mailbox: MIMEAddress, to customer: MIMEAddress, ticketID: Int64, ticketSubject: String, body: String,
        author: MessageAuthor, citations: [MIMEOutgoingMessage.Citation] = [], replyingTo parent: Parent?,
        messageID: String? = nil, date: Date = Date()
    ) -> EmailReply {
        let subject = replySubject(ticketSubject, ticketID: ticketID)
        var references = parent.map { $0.references.filter { $0 != parent?.messageID } + [$0.messageID] } ?? []
        if references.count > maximumReferences {
            references = [references[0]] + references.suffix(maximumReferences - 1)
        }
        var extraHeaders: [MIMEHeader] = []
        if author != .agent {
            extraHeaders.append(MIMEHeader(name: "Auto-Submitted", value: "auto-replied"))
            // Exchange and Outlook honour this one instead: no out-of-office answer to a machine's answer.
            extraHeaders.append(MIMEHeader(name: "X-Auto-Response-Suppress", value: "All"))
        }
        let message = MIMEOutgoingMessage(
            from: mailbox, to: [customer], subject: subject, text: SourceMarker.removing(from: body),
            citations: citations,
            messageID: messageID, inReplyTo: parent?.messageID, references: references, date: date,
            extraHeaders: extraHeaders)
        return EmailReply(
            messageID: message.messageID, subject: subject, inReplyTo: message.inReplyTo,
            references: message.references, bytes: MIMEComposer.compose(message))
    }

    /// "Re: <subject> [TF-id]" with one "Re: " and one token, whatever `ticketSubject` carried.
    public static func replySubject(_ ticketSubject: String, ticketID: Int64) -> String {
        var bare = TicketToken.strip(ticketSubject)
        if MIMEComposer.replySubject(bare) == "Re: " { bare = "Your request" }
        return TicketToken.tagged(MIMEComposer.replySubject(bare), ticketID: ticketID)
    }

}
