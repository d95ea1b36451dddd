import Foundation
import Logging
import TicketflowCore
import TicketflowEmail
import TicketflowIMAP
import TicketflowMIME

/// Reads new customer mail from one IMAP folder into tickets. A poll opens the folder read-only (`EXAMINE`,
/// `BODY.PEEK`: the raw mail stays on the server, flags untouched), fetches every UID after the saved
/// position, handles each mail in UID order and saves the position after each one. A crash between handling
/// and saving re-reads that mail, which is harmless: a Message-ID already recorded is skipped, and intake is
/// idempotent on the Message-ID (the ticket's external id). A new UIDVALIDITY restarts from UID 1 for the
/// same reason.
public actor MailboxPoller {
    /// What one poll did, for logs and tests.
    public struct Summary: Sendable, Equatable {
        /// New tickets.
        public var opened = 0
        /// Mails added to an existing ticket.
        public var continued = 0
        /// Mails whose Message-ID was already recorded (read before).
        public var duplicates = 0
        /// Delivery reports handled.
        public var bounces = 0
        /// Mails left alone (the mailbox's own, delay notices).
        public var ignored = 0
    }

    let settings: InboundEmailSettings
    let store: any TicketflowStore
    let tickets: TicketService
    let logger: Logger
    let now: @Sendable () -> Date
    /// Loop safety; kept across polls so the per-sender rate limit spans them.
    private var policy: InboundPolicy
    /// Most mails fetched per batch; a poll keeps fetching until the folder is drained.
    static let batchSize = 100

    /// A poller for one mailbox writing through `tickets` (whose outbox decides what is sent back).
    public init(
        settings: InboundEmailSettings, store: any TicketflowStore, tickets: TicketService, logger: Logger,
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.settings = settings
        self.store = store
        self.tickets = tickets
        self.logger = logger
        self.now = now
        policy = InboundPolicy(mailbox: settings.address)
    }

    /// One poll: connect, log in, read everything new, then (when `idle` is given and the server offers
    /// IDLE) wait up to `idle` for new mail and read that too, and log out.
    @discardableResult
    public func poll(idle: Duration? = nil) async throws -> Summary {
        let client = try await IMAPClient.connect(settings.imap)
        do {
            try await client.login(username: settings.username, password: settings.password)
            let status = try await client.examine(settings.folder)
            var position = try await store.mailboxPosition(settings.key)
            if position == nil, !settings.importExisting, let next = status.uidNext {
                // A mailbox's first poll starts with the mail that arrives after it.
                position = MailboxPosition(uidValidity: Int64(status.uidValidity), lastUID: Int64(next) - 1)
                try await store.saveMailboxPosition(settings.key, position!, at: now())
            }
            if position?.uidValidity != Int64(status.uidValidity) {
                position = MailboxPosition(uidValidity: Int64(status.uidValidity), lastUID: 0)
            }
            var summary = Summary()
            var current = position ?? MailboxPosition(uidValidity: Int64(status.uidValidity), lastUID: 0)
            try await drain(client, &current, &summary)
            if let idle, await client.capabilities.contains("IDLE") {
                let result = try await client.idle(timeout: idle)
                if !result.timedOut { try await drain(client, &current, &summary) }
            }
            try? await client.logout()
            return summary
        } catch {
            await client.close()
            throw error
        }
    }

    /// Fetches and handles batches until nothing new is left.
    private func drain(
        _ client: IMAPClient, _ position: inout MailboxPosition, _ summary: inout Summary
    ) async throws {
        while true {
            let start = UInt32(clamping: position.lastUID + 1)
            let batch = try await client.fetchMessages(from: start, limit: Self.batchSize)
            var mails = batch.messages.map { (uid: $0.uid, raw: $0.raw, note: String?.none) }
            for large in batch.oversized {
                let note = "mail: \(large.info.size) bytes, over the size limit; only its header was read"
                mails.append((large.info.uid, large.header ?? [], note))
            }
            guard !mails.isEmpty else { return }
            for mail in mails.sorted(by: { $0.uid < $1.uid }) {
                // Parsed once: intake reads the text, the archive the attachments' bytes.
                let parsed = MIMEMessage.parse(mail.raw)
                var inbound = InboundMail(parsed)
                if let note = mail.note { inbound.notes.append(note) }
                try await handle(
                    inbound, parts: parsed.attachments, raw: mail.raw, headerOnly: mail.note != nil, uid: mail.uid,
                    summary: &summary)
                position.lastUID = Int64(mail.uid)
                try await store.saveMailboxPosition(settings.key, position, at: now())
            }
            if mails.count < Self.batchSize { return }
        }
    }

    /// Applies the loop and bounce rules to one mail. A mail intake refuses (it cannot be valid however often
    /// it is read) is logged and passed over so it cannot block the folder; a store failure is thrown, and
    /// the next poll reads the mail again.
    private func handle(
        _ mail: InboundMail, parts: [MIMEAttachment], raw: [UInt8], headerOnly: Bool, uid: UInt32,
        summary: inout Summary
    ) async throws {
        // Read before (a lost position, a crash before it was saved): done, and no rate-limit slot taken.
        guard try await store.ticket(forEmailMessageIDs: [InboundMail.externalID(forMessageID: mail.messageID)]) == nil
        else {
            summary.duplicates += 1
            return
        }
        switch policy.disposition(for: mail, now: now()) {
        case .bounce(let original, let recipient, let status, let diagnostic):
            summary.bounces += 1
            try await bounce(original: original, recipient: recipient, status: status, diagnostic: diagnostic)
        case .ignore(let reason):
            summary.ignored += 1
            logger.info("mail ignored", metadata: ["uid": "\(uid)", "reason": "\(reason)"])
        case .accept(let autoAnswer, let reason):
            do {
                try await accept(
                    mail, parts: parts, raw: raw, headerOnly: headerOnly, autoAnswer: autoAnswer, reason: reason,
                    summary: &summary)
            } catch let error as ValidationError {
                logger.warning("mail not stored", metadata: ["uid": "\(uid)", "error": "\(error)"])
            }
        }
    }
}
