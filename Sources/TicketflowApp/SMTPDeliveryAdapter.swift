import Foundation
import TicketflowCore
import TicketflowEmail
import TicketflowMIME
import TicketflowSMTP

/// Delivers email-channel replies through the configured SMTP server. The
/// reply's Message-ID is made from the delivery's id and creation time, so a
/// resend after a crash carries the same id and mail clients show it once.
/// With a mailbox store, the reply answers the ticket's latest customer mail (In-Reply-To, References) and
/// its Message-ID is recorded before it is sent, so the customer's answer threads back to the ticket.
struct SMTPDeliveryAdapter: DeliveryAdapter {
    let settings: OutboundEmailSettings
    let client: SMTPClient
    let mailboxes: (any MailboxStore)?

    init(settings: OutboundEmailSettings, mailboxes: (any MailboxStore)? = nil) {
        self.settings = settings
        self.client = SMTPClient(configuration: settings.smtp)
        self.mailboxes = mailboxes
    }

    var channel: Channel { .email }

    func deliver(_ delivery: Delivery, message: Message, of detail: TicketDetail) async throws -> String? {
        // The microseconds of the delivery's creation tell apart deliveries with the same id from
        // another database (a reset, a second installation) made in the same second.
        let micros = Int64((delivery.createdAt.timeIntervalSince1970 * 1_000_000).rounded()) % 1_000_000
        let messageID = EmailReply.messageID(
            deliveryKey: "\(delivery.idempotencyKey)-\(micros)", createdAt: delivery.createdAt, domain: settings.domain)
        // A made-up id (a mail without one) or a hashed over-long one is no Message-ID a client could match.
        let parent = try await mailboxes?.latestInboundEmailMessageID(ticketID: detail.ticket.id).flatMap {
            $0.contains("@") && !$0.hasSuffix("@" + InboundMail.syntheticMessageIDDomain) ? $0 : nil
        }
        let reply = EmailReply.compose(
            from: settings.from, to: MIMEAddress(name: detail.customer?.name, address: delivery.recipient),
            ticketID: detail.ticket.id, ticketSubject: detail.ticket.subject, body: message.body,
            author: message.author,
            citations: EmailReply.links(for: message.citations, url: settings.articleURL),
            replyingTo: parent.map { EmailReply.Parent(messageID: $0) },
            messageID: messageID, date: message.createdAt)
        // Before sending: a customer may answer before the delivery is recorded as sent.
        try await mailboxes?.recordEmailMessageID(
            reply.messageID, ticketID: detail.ticket.id, direction: .outbound, at: Date())
        do {
            try await client.send(from: settings.from.address, to: [delivery.recipient], message: reply.bytes)
        } catch let error as SMTPError {
            throw DeliveryFailure("SMTP: \(error)", permanent: error.isPermanent)
        }
        return reply.messageID
    }
}
