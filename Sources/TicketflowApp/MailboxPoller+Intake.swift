import Foundation
import Logging
import TicketflowCore
import TicketflowEmail

extension MailboxPoller {
    /// Opens a ticket for `mail` or continues the one it replies to, then records its Message-ID (the poller
    /// skips a mail whose id is recorded, so reading it again does nothing).
    func accept(_ mail: InboundMail, autoAnswer: Bool, reason: String, summary: inout Summary) async throws {
        let key = InboundMail.externalID(forMessageID: mail.messageID)
        // Without an automatic answer the ticket waits for an agent, with the AI answer as a draft.
        let withheld = autoAnswer ? nil : reason
        let notes: [MessageRequest] = mail.notesMessage.map { [$0] } ?? []
        let ticketID: Int64
        if let detail = try await thread(mail) {
            let existing = detail.ticket.id
            let body = mail.messageRequest.body.trimmingCharacters(in: .whitespacesAndNewlines)
            // Stored before a crash kept its Message-ID from being recorded: do not add it twice.
            let known = detail.messages.contains {
                $0.author == .customer && $0.body.trimmingCharacters(in: .whitespacesAndNewlines) == body
            }
            if !known {
                _ = try await tickets.addMessage(
                    ticketID: existing, mail.messageRequest, withholdingAnswer: withheld)
                for note in notes { _ = try await tickets.addMessage(ticketID: existing, note) }
            }
            ticketID = existing
            summary.continued += 1
        } else {
            let result = try await tickets.intake(mail.intakeRequest, withholdingAnswer: withheld)
            ticketID = result.detail.ticket.id
            if result.created {
                for note in notes { _ = try await tickets.addMessage(ticketID: ticketID, note) }
            }
            summary.opened += 1
        }
        try await store.recordEmailMessageID(
            key, ticketID: ticketID, direction: .inbound, mailbox: settings.name, at: now())
    }

    /// The existing ticket `mail` continues: by a recorded Message-ID in its threading headers, else by the
    /// subject's ticket token when the sender is that ticket's customer (anyone can type a token).
    func thread(_ mail: InboundMail) async throws -> TicketDetail? {
        let keys = mail.threadKeys.map(InboundMail.externalID(forMessageID:))
        let store = self.store
        guard
            let match = try await EmailThreading.match(
                keys: keys, subject: mail.subject, lookup: { try await store.ticket(forEmailMessageIDs: [$0]) })
        else { return nil }
        guard let detail = try await store.ticketDetail(id: match.ticketID) else { return nil }
        if match.source == .subjectToken {
            guard let sender = mail.sender, let customer = detail.customer?.email,
                EmailAddress(customer) == sender
            else { return nil }
        }
        return detail
    }

    /// Marks the delivery a bounce reports failed, with the report's status and diagnostic, and records a
    /// `delivery.failed` event. A bounce for mail Ticketflow did not send, or for a delivery already failed,
    /// changes nothing.
    func bounce(original: String?, recipient: String?, status: String?, diagnostic: String?) async throws {
        guard let original, let delivery = try await store.delivery(providerID: original) else {
            logger.info("bounce for mail not sent by Ticketflow", metadata: ["original": "\(original ?? "none")"])
            return
        }
        guard delivery.status != .failed else { return }
        let details = [status.map { "status \($0)" }, diagnostic].compactMap { $0 }.joined(separator: ": ")
        let reason = "Bounced by the recipient's mail server" + (details.isEmpty ? "" : " (\(details))")
        _ = try await store.recordDeliveryAttempt(
            id: delivery.id, status: .failed, error: reason, providerID: nil, at: now())
        if let ticket = try await store.ticketDetail(id: delivery.ticketID)?.ticket {
            _ = try await store.recordIntegrationEvent(
                IntegrationEventRules.deliveryFailed(
                    ticket: ticket, messageID: delivery.messageID, reason: reason, at: now()))
        }
    }
}
