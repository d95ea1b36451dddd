import Foundation
import PostgresNIO
import TicketflowCore

/// The email channel's bookkeeping: how far each mailbox is read, and the ticket of every Message-ID in or out.
extension PostgresStore: MailboxStore {
    public func mailboxPosition(_ mailbox: String) async throws -> MailboxPosition? {
        let logger = self.logger
        return try await connection { connection in
            let rows = try await connection.query(
                "SELECT uid_validity, last_uid FROM mailbox_positions WHERE mailbox = \(mailbox)", logger: logger)
            for try await (validity, last) in rows.decode((Int64, Int64).self) {
                return MailboxPosition(uidValidity: validity, lastUID: last)
            }
            return nil
        }
    }

    public func saveMailboxPosition(_ mailbox: String, _ position: MailboxPosition, at now: Date) async throws {
        let logger = self.logger
        try await transaction { connection in
            try await connection.query(
                """
                INSERT INTO mailbox_positions (mailbox, uid_validity, last_uid, updated_at)
                VALUES (\(mailbox), \(position.uidValidity), \(position.lastUID), \(now.timeIntervalSince1970))
                ON CONFLICT (mailbox) DO UPDATE SET uid_validity = excluded.uid_validity,
                    last_uid = excluded.last_uid, updated_at = excluded.updated_at
                """, logger: logger)
        }
    }

    @discardableResult
    public func recordEmailMessageID(
        _ messageID: String, ticketID: Int64, direction: EmailDirection, mailbox: String?, at now: Date
    ) async throws -> Bool {
        let logger = self.logger
        return try await transaction { connection in
            let rows = try await connection.query(
                """
                INSERT INTO email_messages (message_id, ticket_id, direction, mailbox, created_at)
                VALUES (\(messageID), \(ticketID), \(direction.rawValue), \(mailbox), \(now.timeIntervalSince1970))
                ON CONFLICT (message_id) DO NOTHING RETURNING id
                """, logger: logger)
            for try await _ in rows.decode(Int64.self) { return true }
            return false
        }
    }

    public func ticket(forEmailMessageIDs messageIDs: [String]) async throws -> Int64? {
        guard !messageIDs.isEmpty else { return nil }
        let logger = self.logger
        let found = try await connection { connection in
            let rows = try await connection.query(
                "SELECT message_id, ticket_id FROM email_messages WHERE message_id = ANY(\(messageIDs))",
                logger: logger)
            var found: [String: Int64] = [:]
            for try await (messageID, ticketID) in rows.decode((String, Int64).self) { found[messageID] = ticketID }
            return found
        }
        return messageIDs.lazy.compactMap { found[$0] }.first
    }

    public func latestInboundEmail(ticketID: Int64) async throws -> InboundEmailRecord? {
        let logger = self.logger
        return try await connection { connection in
            let rows = try await connection.query(
                """
                SELECT message_id, mailbox FROM email_messages WHERE ticket_id = \(ticketID) AND direction = 'in'
                ORDER BY id DESC LIMIT 1
                """, logger: logger)
            for try await (messageID, mailbox) in rows.decode((String, String?).self) {
                return InboundEmailRecord(messageID: messageID, mailbox: mailbox)
            }
            return nil
        }
    }

    public func delivery(providerID: String) async throws -> Delivery? {
        let logger = self.logger
        return try await connection { connection in
            try await Self.deliveries(
                connection.query(
                    """
                    SELECT \(unescaped: Self.deliveryColumns) FROM deliveries WHERE provider_id = \(providerID)
                    ORDER BY id LIMIT 1
                    """, logger: logger)
            ).first
        }
    }
}
