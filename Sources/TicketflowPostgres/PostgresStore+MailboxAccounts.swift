import Foundation
import PostgresNIO
import TicketflowCore

/// Mailboxes an admin manages at run time.
extension PostgresStore: MailboxAccountStore {
    static let mailboxAccountColumns = "id, name, address, imap_url, smtp_url, enabled, created_at, updated_at"
    typealias MailboxAccountRow = (Int64, String, String, String, String?, Bool, Double, Double)

    public func mailboxAccounts() async throws -> [MailboxAccount] {
        let logger = self.logger
        return try await connection { connection in
            try await Self.mailboxAccounts(
                connection.query(
                    "SELECT \(unescaped: Self.mailboxAccountColumns) FROM mailboxes ORDER BY id", logger: logger))
        }
    }

    public func mailboxAccount(id: Int64) async throws -> MailboxAccount? {
        let logger = self.logger
        return try await connection { connection in
            try await Self.mailboxAccounts(
                connection.query(
                    "SELECT \(unescaped: Self.mailboxAccountColumns) FROM mailboxes WHERE id = \(id)", logger: logger)
            ).first
        }
    }

    public func mailboxAccount(named name: String) async throws -> MailboxAccount? {
        let logger = self.logger
        return try await connection { connection in
            try await Self.mailboxAccounts(
                connection.query(
                    "SELECT \(unescaped: Self.mailboxAccountColumns) FROM mailboxes WHERE name = \(name)",
                    logger: logger)
            ).first
        }
    }

    public func createMailboxAccount(_ new: NewMailboxAccount, at now: Date) async throws -> MailboxAccount {
        let logger = self.logger
        let seconds = now.timeIntervalSince1970
        let created = try await transaction { connection in
            try await Self.mailboxAccounts(
                connection.query(
                    """
                    INSERT INTO mailboxes (name, address, imap_url, smtp_url, enabled, created_at, updated_at)
                    VALUES (\(new.name), \(new.address), \(new.imapURL), \(new.smtpURL), \(new.enabled),
                        \(seconds), \(seconds))
                    ON CONFLICT (name) DO NOTHING RETURNING \(unescaped: Self.mailboxAccountColumns)
                    """, logger: logger)
            ).first
        }
        guard let created else { throw MailboxAccount.duplicateName(new.name) }
        return created
    }

    public func saveMailboxAccount(_ m: MailboxAccount) async throws -> Bool {
        let logger = self.logger
        return try await transaction { connection in
            let rows = try await connection.query(
                """
                UPDATE mailboxes SET address = \(m.address), imap_url = \(m.imapURL), smtp_url = \(m.smtpURL),
                    enabled = \(m.enabled), updated_at = \(m.updatedAt.timeIntervalSince1970)
                WHERE id = \(m.id) RETURNING id
                """, logger: logger)
            for try await _ in rows.decode(Int64.self) { return true }
            return false
        }
    }

    public func deleteMailboxAccount(id: Int64) async throws -> Bool {
        let logger = self.logger
        return try await transaction { connection in
            let rows = try await connection.query("DELETE FROM mailboxes WHERE id = \(id) RETURNING id", logger: logger)
            for try await _ in rows.decode(Int64.self) { return true }
            return false
        }
    }

    static func mailboxAccounts(_ rows: PostgresRowSequence) async throws -> [MailboxAccount] {
        var mailboxes: [MailboxAccount] = []
        for try await c in rows.decode(MailboxAccountRow.self) {
            mailboxes.append(
                MailboxAccount(
                    id: c.0, name: c.1, address: c.2, imapURL: c.3, smtpURL: c.4, enabled: c.5, createdAt: date(c.6),
                    updatedAt: date(c.7)))
        }
        return mailboxes
    }
}
