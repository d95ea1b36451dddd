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
/// A reply to mail that came in through an admin mailbox goes out From that mailbox's address, through its
/// own SMTP server when it has one (`route`).
struct SMTPDeliveryAdapter: DeliveryAdapter {
    /// How replies to an admin mailbox's mail are sent, by the mailbox's name; nil when it no longer exists
    /// (the configured settings are used then).
    typealias Route = @Sendable (_ mailbox: String) async throws -> OutboundEmailSettings?

    let settings: OutboundEmailSettings
    let client: SMTPClient
    let mailboxes: (any MailboxStore)?
    let route: Route?

    init(settings: OutboundEmailSettings, mailboxes: (any MailboxStore)? = nil, route: Route? = nil) {
        self.settings = settings
        self.client = SMTPClient(configuration: settings.smtp)
        self.mailboxes = mailboxes
        self.route = route
    }

    var channel: Channel { .email }

    /// The settings and client for a reply on `ticket`: those of the mailbox its latest mail came through.
    func sender(for ticket: Ticket) async throws -> (OutboundEmailSettings, SMTPClient) {
        try await sender(mailbox: latestMail(of: ticket)?.mailbox)
    }

    /// The settings and client for a reply to mail that came through `mailbox`: that mailbox's.
    func sender(mailbox: String?) async throws -> (OutboundEmailSettings, SMTPClient) {
        guard let route, let name = mailbox, name != MailboxAccount.configuredName,
            let routed = try await route(name)
        else { return (settings, client) }
        return (routed, SMTPClient(configuration: routed.smtp))
    }

    /// The ticket's latest customer mail, which the reply answers and goes out through; with routes, a mail
    /// still being recorded is waited for (`awaitMailRecord`).
    func latestMail(of ticket: Ticket) async throws -> InboundEmailRecord? {
        guard let mailboxes else { return nil }
        if route != nil { try await awaitMailRecord(of: ticket, in: mailboxes) }
        return try await mailboxes.latestInboundEmail(ticketID: ticket.id)
    }

    /// The poller records a new ticket's mail (and its mailbox) just after the ticket's transaction, which
    /// already queued the answer's delivery; a delivery that runs in between would not know the mailbox. So a
    /// reply on a ticket opened in the last 10 s whose external id (a mail's Message-ID) is not recorded yet
    /// waits up to 2 s for it. Tickets opened over the API have no such record and just go on after the wait.
    private func awaitMailRecord(of ticket: Ticket, in mailboxes: any MailboxStore) async throws {
        guard let key = ticket.externalID, Date().timeIntervalSince(ticket.createdAt) < 10 else { return }
        for _ in 0..<20 {
            if try await mailboxes.ticket(forEmailMessageIDs: [key]) != nil { return }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    func deliver(_ delivery: Delivery, message: Message, of detail: TicketDetail) async throws -> String? {
        let latest = try await latestMail(of: detail.ticket)
        let (settings, client) = try await sender(mailbox: latest?.mailbox)
        // The microseconds of the delivery's creation tell apart deliveries with the same id from
        // another database (a reset, a second installation) made in the same second.
        let micros = Int64((delivery.createdAt.timeIntervalSince1970 * 1_000_000).rounded()) % 1_000_000
        let messageID = EmailReply.messageID(
            deliveryKey: "\(delivery.idempotencyKey)-\(micros)", createdAt: delivery.createdAt, domain: settings.domain)
        // A made-up id (a mail without one) or a hashed over-long one is no Message-ID a client could match.
        let parent = latest.map(\.messageID).flatMap {
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
