import Foundation
import PostgresNIO
import TicketflowCore

/// Raw inbound mails and their attachments.
extension PostgresStore: MailArchiveStore {
    static let attachmentColumns = """
        id, ticket_id, message_id, part_path, filename, content_type, size, is_inline, omitted_reason, created_at
        """
    /// The columns of `attachmentColumns`, decoded in order.
    typealias AttachmentRow = (Int64, Int64, Int64, String, String?, String, Int64, Bool, String?, Double)
    /// message_id, ticket_id, size, truncated, created_at.
    typealias OriginalRow = (Int64, Int64, Int64, Bool, Double)

    @discardableResult
    public func saveMailArchive(_ archive: MailArchive, at now: Date) async throws -> Bool {
        let logger = self.logger
        return try await transaction { connection in
            let owner = try await Self.firstValue(
                connection.query(
                    "SELECT ticket_id FROM messages WHERE id = \(archive.messageID) AND ticket_id = \(archive.ticketID)",
                    logger: logger), Int64.self)
            guard owner != nil else {
                throw StoreError(.notFound, "no message \(archive.messageID) on ticket \(archive.ticketID)")
            }
            let at = now.timeIntervalSince1970
            var stored = false
            let raw = ByteBuffer(bytes: archive.original)
            let rows = try await connection.query(
                """
                INSERT INTO email_originals (message_id, ticket_id, raw, size, truncated, created_at)
                VALUES (\(archive.messageID), \(archive.ticketID), \(raw), \(Int64(archive.original.count)),
                    \(archive.isTruncated), \(at))
                ON CONFLICT (message_id) DO NOTHING RETURNING message_id
                """, logger: logger)
            for try await _ in rows.decode(Int64.self) { stored = true }
            for part in archive.attachments {
                let data = part.data.map { ByteBuffer(bytes: $0) }
                let rows = try await connection.query(
                    """
                    INSERT INTO attachments (ticket_id, message_id, part_path, filename, content_type, size,
                        is_inline, omitted_reason, data, created_at)
                    VALUES (\(archive.ticketID), \(archive.messageID), \(part.partPath), \(part.filename),
                        \(part.contentType), \(Int64(part.size)), \(part.isInline), \(part.omittedReason), \(data),
                        \(at))
                    ON CONFLICT (message_id, part_path) DO NOTHING RETURNING id
                    """, logger: logger)
                for try await _ in rows.decode(Int64.self) { stored = true }
            }
            return stored
        }
    }

    public func mailAttachments(ticketID: Int64) async throws -> [MailAttachment] {
        let logger = self.logger
        return try await connection { connection in
            let rows = try await connection.query(
                """
                SELECT \(unescaped: Self.attachmentColumns) FROM attachments WHERE ticket_id = \(ticketID)
                ORDER BY message_id, id
                """, logger: logger)
            var found: [MailAttachment] = []
            for try await row in rows.decode(AttachmentRow.self) { found.append(Self.attachment(row)) }
            return found
        }
    }

    public func mailAttachment(id: Int64) async throws -> (attachment: MailAttachment, data: [UInt8]?)? {
        let logger = self.logger
        return try await connection { connection in
            let rows = try await connection.query(
                "SELECT \(unescaped: Self.attachmentColumns), data FROM attachments WHERE id = \(id)", logger: logger)
            for try await (a, b, c, d, e, f, g, h, i, j, data) in rows.decode(
                (Int64, Int64, Int64, String, String?, String, Int64, Bool, String?, Double, ByteBuffer?).self)
            {
                return (Self.attachment((a, b, c, d, e, f, g, h, i, j)), data.map { Array($0.readableBytesView) })
            }
            return nil
        }
    }

    public func mailOriginals(ticketID: Int64) async throws -> [MailOriginal] {
        let logger = self.logger
        return try await connection { connection in
            let rows = try await connection.query(
                """
                SELECT message_id, ticket_id, size, truncated, created_at FROM email_originals
                WHERE ticket_id = \(ticketID) ORDER BY message_id
                """, logger: logger)
            var found: [MailOriginal] = []
            for try await row in rows.decode(OriginalRow.self) { found.append(Self.original(row)) }
            return found
        }
    }

    public func mailOriginal(messageID: Int64) async throws -> (original: MailOriginal, raw: [UInt8])? {
        let logger = self.logger
        return try await connection { connection in
            let rows = try await connection.query(
                """
                SELECT message_id, ticket_id, size, truncated, created_at, raw FROM email_originals
                WHERE message_id = \(messageID)
                """, logger: logger)
            for try await (message, ticket, size, truncated, at, raw) in rows.decode(
                (Int64, Int64, Int64, Bool, Double, ByteBuffer).self)
            {
                return (Self.original((message, ticket, size, truncated, at)), Array(raw.readableBytesView))
            }
            return nil
        }
    }

    static func attachment(_ row: AttachmentRow) -> MailAttachment {
        let (id, ticketID, messageID, partPath, filename, contentType, size, isInline, omitted, at) = row
        return MailAttachment(
            id: id, ticketID: ticketID, messageID: messageID, partPath: partPath, filename: filename,
            contentType: contentType, size: Int(size), isInline: isInline, omittedReason: omitted,
            createdAt: Date(timeIntervalSince1970: at))
    }

    static func original(_ row: OriginalRow) -> MailOriginal {
        MailOriginal(
            messageID: row.0, ticketID: row.1, size: Int(row.2), isTruncated: row.3,
            createdAt: Date(timeIntervalSince1970: row.4))
    }
}
