import Foundation
import TicketflowCore
import TicketflowEmail
import TicketflowMIME
import TicketflowSMTP

/// Delivers email-channel replies through the configured SMTP server. The
/// reply's Message-ID is made from the delivery's id and creation time, so a
/// resend after a crash carries the same id and mail clients show it once.
struct SMTPDeliveryAdapter: DeliveryAdapter {
    let settings: OutboundEmailSettings
    let client: SMTPClient

    init(settings: OutboundEmailSettings) {
        self.settings = settings
        self.client = SMTPClient(configuration: settings.smtp)
    }

    var channel: Channel { .email }

    func deliver(_ delivery: Delivery, message: Message, of detail: TicketDetail) async throws -> String? {
        let messageID = EmailReply.messageID(
            deliveryKey: delivery.idempotencyKey, createdAt: delivery.createdAt, domain: settings.domain)
        let reply = EmailReply.compose(
            from: settings.from, to: MIMEAddress(name: detail.customer?.name, address: delivery.recipient),
            ticketID: detail.ticket.id, ticketSubject: detail.ticket.subject, body: message.body,
            author: message.author, replyingTo: nil, messageID: messageID, date: message.createdAt)
        do {
            try await client.send(from: settings.from.address, to: [delivery.recipient], message: reply.bytes)
        } catch let error as SMTPError {
            throw DeliveryFailure("SMTP: \(error)", permanent: error.isPermanent)
        }
        return reply.messageID
    }
}
