import Foundation
import GRDB
import TicketflowCore

/// The email channel's bookkeeping: how far each mailbox is read, and the ticket of every Message-ID in or out.
extension SQLiteStore: MailboxStore {
    public func mailboxPosition(_ mailbox: String) async throws -> MailboxPosition? {
        try await read { db in
            try Row.fetchOne(
                db, sql: "SELECT uid_validity, last_uid FROM mailbox_positions WHERE mailbox = ?",
                arguments: [mailbox]
            ).map { MailboxPosition(uidValidity: $0["uid_validity"], lastUID: $0["last_uid"]) }
        }
    }

    public func saveMailboxPosition(_ mailbox: String, _ position: MailboxPosition, at now: Date) async throws {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO mailbox_positions (mailbox, uid_validity, last_uid, updated_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (mailbox) DO UPDATE SET uid_validity = excluded.uid_validity,
                        last_uid = excluded.last_uid, updated_at = excluded.updated_at
                    """,
                arguments: [mailbox, position.uidValidity, position.lastUID, now.timeIntervalSince1970])
        }
    }

    @discardableResult
    public func recordEmailMessageID(
        _ messageID: String, ticketID: Int64, direction: EmailDirection, mailbox: String?, at now: Date
    ) async throws -> Bool {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO email_messages (message_id, ticket_id, direction, mailbox, created_at)
                    VALUES (?, ?, ?, ?, ?) ON CONFLICT (message_id) DO NOTHING
                    """,
                arguments: [messageID, ticketID, direction.rawValue, mailbox, now.timeIntervalSince1970])
            return db.changesCount > 0
        }
    }

    public func ticket(forEmailMessageIDs messageIDs: [String]) async throws -> Int64? {
        guard !messageIDs.isEmpty else { return nil }
        let found = try await read { db in
            let marks = Array(repeating: "?", count: messageIDs.count).joined(separator: ", ")
            let rows = try Row.fetchAll(
                db, sql: "SELECT message_id, ticket_id FROM email_messages WHERE message_id IN (\(marks))",
                arguments: StatementArguments(messageIDs))
            return Dictionary(rows.map { ($0["message_id"] as String, $0["ticket_id"] as Int64) }) { first, _ in first }
        }
        return messageIDs.lazy.compactMap { found[$0] }.first
    }

    public func latestInboundEmail(ticketID: Int64) async throws -> InboundEmailRecord? {
        try await read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT message_id, mailbox FROM email_messages WHERE ticket_id = ? AND direction = 'in'
                    ORDER BY id DESC LIMIT 1
                    """,
                arguments: [ticketID]
            ).map { InboundEmailRecord(messageID: $0["message_id"], mailbox: $0["mailbox"]) }
        }
    }

    public func delivery(providerID: String) async throws -> Delivery? {
        try await read { db in
            try Row.fetchOne(
                db, sql: "SELECT \(Self.deliveryColumns) FROM deliveries WHERE provider_id = ? ORDER BY id LIMIT 1",
                arguments: [providerID]
            ).map(Self.delivery(from:))
        }
    }
}
