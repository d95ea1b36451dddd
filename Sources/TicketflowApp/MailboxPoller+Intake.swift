import Foundation
import Logging
import TicketflowCore
import TicketflowEmail
import TicketflowMIME

extension MailboxPoller {
    /// Opens a ticket for `mail` or continues the one it replies to, keeps its raw bytes (`raw`, only the header
    /// when `headerOnly`) and attachments (`parts`, from the same parse) with the customer message it became,
    /// then records its Message-ID
    /// (the poller skips a mail whose id is recorded, so reading it again does nothing). A crash before the
    /// record reads the mail again: the ticket write finds what it stored, and the archive is completed.
    func accept(
        _ mail: InboundMail, parts: [MIMEAttachment], raw: [UInt8], headerOnly: Bool, autoAnswer: Bool,
        reason: String, summary: inout Summary
    ) async throws {
        let key = InboundMail.externalID(forMessageID: mail.messageID)
        // Without an automatic answer the ticket waits for an agent, with the AI answer as a draft.
        let withheld = autoAnswer ? nil : reason
        let notes: [MessageRequest] = mail.notesMessage.map { [$0] } ?? []
        let detail: TicketDetail
        if let existing = try await thread(mail) {
            // Stored before a crash kept its Message-ID from being recorded: do not add it twice.
            if try await storedMessage(of: mail, raw: raw, in: existing) != nil {
                detail = existing
            } else {
                detail = try await tickets.addMessage(
                    ticketID: existing.ticket.id, mail.messageRequest, withholdingAnswer: withheld)
                // The reply may have gone on in another ticket (a merge, a follow-up): its notes go with it.
                for note in notes { _ = try await tickets.addMessage(ticketID: detail.ticket.id, note) }
            }
            summary.continued += 1
        } else {
            let result = try await tickets.intake(mail.intakeRequest, withholdingAnswer: withheld)
            detail = result.detail
            if result.created {
                for note in notes { _ = try await tickets.addMessage(ticketID: detail.ticket.id, note) }
            }
            summary.opened += 1
        }
        try await archive(mail, parts: parts, raw: raw, headerOnly: headerOnly, in: detail)
        try await store.recordEmailMessageID(
            key, ticketID: detail.ticket.id, direction: .inbound, mailbox: settings.name, at: now())
    }

    /// The customer message `mail` became in `detail`, if it was stored: the last one with its body whose
    /// original is not kept yet or is this mail's. Another mail with the same words ("Thanks!") has its own
    /// original, so it is a message of its own rather than this one read again.
    func storedMessage(of mail: InboundMail, raw: [UInt8], in detail: TicketDetail) async throws -> Message? {
        let body = mail.messageRequest.body.trimmingCharacters(in: .whitespacesAndNewlines)
        let candidates = detail.messages.filter {
            $0.author == .customer && $0.body.trimmingCharacters(in: .whitespacesAndNewlines) == body
        }
        guard !candidates.isEmpty else { return nil }
        let archived = Set(try await store.mailOriginals(ticketID: detail.ticket.id).map(\.messageID))
        for message in candidates.reversed() {
            guard archived.contains(message.id) else { return message }
            // Kept up to a limit, so this mail's bytes start with what was kept.
            if let kept = try await store.mailOriginal(messageID: message.id), raw.starts(with: kept.raw) {
                return message
            }
        }
        return nil
    }

    /// Stores the mail's original and attachments with its customer message, within `settings.archive`.
    /// Idempotent, so a mail read again after a crash adds only what the crash kept from being stored.
    func archive(
        _ mail: InboundMail, parts: [MIMEAttachment], raw: [UInt8], headerOnly: Bool, in detail: TicketDetail
    ) async throws {
        guard let message = try await storedMessage(of: mail, raw: raw, in: detail) else {
            logger.warning(
                "mail not archived: its message is not on the ticket",
                metadata: ["ticket": "\(detail.ticket.id)", "message_id": "\(mail.messageID)"])
            return
        }
        try await store.saveMailArchive(
            MailArchive(
                ticketID: detail.ticket.id, messageID: message.id, raw: raw, headerOnly: headerOnly,
                attachments: parts, limits: settings.archive),
            at: now())
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
