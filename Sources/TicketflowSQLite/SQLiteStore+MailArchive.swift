import Foundation
import GRDB
import TicketflowCore

/// Raw inbound mails and their attachments.
extension SQLiteStore: MailArchiveStore {
    static let attachmentColumns = """
        id, ticket_id, message_id, part_path, filename, content_type, size, is_inline, omitted_reason, created_at
        """

    @discardableResult
    public func saveMailArchive(_ archive: MailArchive, at now: Date) async throws -> Bool {
        try await write { db in
            guard
                try Bool.fetchOne(
                    db, sql: "SELECT 1 FROM messages WHERE id = ? AND ticket_id = ?",
                    arguments: [archive.messageID, archive.ticketID]) != nil
            else {
                throw StoreError(.notFound, "no message \(archive.messageID) on ticket \(archive.ticketID)")
            }
            let at = now.timeIntervalSince1970
            var changes = 0
            try db.execute(
                sql: """
                    INSERT INTO email_originals (message_id, ticket_id, raw, size, truncated, created_at)
                    VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (message_id) DO NOTHING
                    """,
                arguments: [
                    archive.messageID, archive.ticketID, Data(archive.original), archive.original.count,
                    archive.isTruncated, at,
                ])
            changes += db.changesCount
            for part in archive.attachments {
                try db.execute(
                    sql: """
                        INSERT INTO attachments (ticket_id, message_id, part_path, filename, content_type, size,
                            is_inline, omitted_reason, data, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (message_id, part_path) DO NOTHING
                        """,
                    arguments: [
                        archive.ticketID, archive.messageID, part.partPath, part.filename, part.contentType, part.size,
                        part.isInline, part.omittedReason, part.data.map { Data($0) }, at,
                    ])
                changes += db.changesCount
            }
            return changes > 0
        }
    }

    public func mailAttachments(ticketID: Int64) async throws -> [MailAttachment] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT \(Self.attachmentColumns) FROM attachments WHERE ticket_id = ? ORDER BY message_id, id",
                arguments: [ticketID]
            ).map(Self.attachment(from:))
        }
    }

    public func mailAttachment(id: Int64) async throws -> (attachment: MailAttachment, data: [UInt8]?)? {
        try await read { db in
            try Row.fetchOne(
                db, sql: "SELECT \(Self.attachmentColumns), data FROM attachments WHERE id = ?", arguments: [id]
            ).map { row in (Self.attachment(from: row), (row["data"] as Data?).map { [UInt8]($0) }) }
        }
    }

    public func mailOriginals(ticketID: Int64) async throws -> [MailOriginal] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT message_id, ticket_id, size, truncated, created_at FROM email_originals
                    WHERE ticket_id = ? ORDER BY message_id
                    """,
                arguments: [ticketID]
            ).map(Self.original(from:))
        }
    }

    public func mailOriginal(messageID: Int64) async throws -> (original: MailOriginal, raw: [UInt8])? {
        try await read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT message_id, ticket_id, size, truncated, created_at, raw FROM email_originals
                    WHERE message_id = ?
                    """,
                arguments: [messageID]
            ).map { row in (Self.original(from: row), [UInt8](row["raw"] as Data)) }
        }
    }

    static func attachment(from row: Row) -> MailAttachment {
        MailAttachment(
            id: row["id"], ticketID: row["ticket_id"], messageID: row["message_id"], partPath: row["part_path"],
            filename: row["filename"], contentType: row["content_type"], size: row["size"], isInline: row["is_inline"],
            omittedReason: row["omitted_reason"], createdAt: Date(timeIntervalSince1970: row["created_at"]))
    }

    static func original(from row: Row) -> MailOriginal {
        MailOriginal(
            messageID: row["message_id"], ticketID: row["ticket_id"], size: row["size"],
            isTruncated: row["truncated"], createdAt: Date(timeIntervalSince1970: row["created_at"]))
    }
}
