import Foundation
import GRDB
import TicketflowCore

/// Mailboxes an admin manages at run time.
extension SQLiteStore: MailboxAccountStore {
    static let mailboxAccountColumns = "id, name, address, imap_url, smtp_url, enabled, created_at, updated_at"

    public func mailboxAccounts() async throws -> [MailboxAccount] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.mailboxAccountColumns) FROM mailboxes ORDER BY id")
                .map(Self.mailboxAccount(from:))
        }
    }

    public func mailboxAccount(id: Int64) async throws -> MailboxAccount? {
        try await read { db in try Self.mailboxAccount(db, where: "id = ?", id) }
    }

    public func mailboxAccount(named name: String) async throws -> MailboxAccount? {
        try await read { db in try Self.mailboxAccount(db, where: "name = ?", name) }
    }

    public func createMailboxAccount(_ new: NewMailboxAccount, at now: Date) async throws -> MailboxAccount {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO mailboxes (name, address, imap_url, smtp_url, enabled, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING
                    """,
                arguments: [
                    new.name, new.address, new.imapURL, new.smtpURL, new.enabled, now.timeIntervalSince1970,
                    now.timeIntervalSince1970,
                ])
            guard db.changesCount == 1 else { throw MailboxAccount.duplicateName(new.name) }
            return try Self.mailboxAccount(db, where: "id = ?", db.lastInsertedRowID)!
        }
    }

    public func saveMailboxAccount(_ m: MailboxAccount) async throws -> Bool {
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE mailboxes SET address = ?, imap_url = ?, smtp_url = ?, enabled = ?, updated_at = ?
                    WHERE id = ?
                    """,
                arguments: [m.address, m.imapURL, m.smtpURL, m.enabled, m.updatedAt.timeIntervalSince1970, m.id])
            return db.changesCount == 1
        }
    }

    public func deleteMailboxAccount(id: Int64) async throws -> Bool {
        try await write { db in
            try db.execute(sql: "DELETE FROM mailboxes WHERE id = ?", arguments: [id])
            return db.changesCount == 1
        }
    }

    private static func mailboxAccount(
        _ db: Database, where condition: String, _ value: some DatabaseValueConvertible
    ) throws -> MailboxAccount? {
        try Row.fetchOne(
            db, sql: "SELECT \(mailboxAccountColumns) FROM mailboxes WHERE \(condition)", arguments: [value]
        ).map(mailboxAccount(from:))
    }

    private static func mailboxAccount(from row: Row) -> MailboxAccount {
        MailboxAccount(
            id: row["id"], name: row["name"], address: row["address"], imapURL: row["imap_url"],
            smtpURL: row["smtp_url"], enabled: row["enabled"],
            createdAt: Date(timeIntervalSince1970: row["created_at"]),
            updatedAt: Date(timeIntervalSince1970: row["updated_at"]))
    }
}
