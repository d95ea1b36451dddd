import Foundation
import GRDB
import TicketflowCore

/// The outbox: a message that should reach the customer is stored with its
/// delivery row and the job that sends it, in one transaction, so a crash
/// can neither lose the send nor send a message that was never stored.
extension SQLiteStore: OutboxStore {
    static let deliveryColumns = """
        id, message_id, ticket_id, channel, recipient, status, attempts, last_error, provider_id, sent_at,
        created_at, updated_at
        """

    public func delivery(id: Int64) async throws -> Delivery? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.deliveryColumns) FROM deliveries WHERE id = ?", arguments: [id])
                .map(Self.delivery(from:))
        }
    }

    public func recordDeliveryAttempt(
        id: Int64, status: DeliveryStatus, error: String?, providerID: String?, at now: Date
    ) async throws -> Delivery? {
        let seconds = now.timeIntervalSince1970
        return try await write { db in
            try Row.fetchOne(
                db,
                sql: """
                    UPDATE deliveries SET status = ?, attempts = attempts + 1, last_error = ?,
                        provider_id = COALESCE(?, provider_id),
                        sent_at = CASE WHEN ? = 'sent' THEN ? ELSE sent_at END, updated_at = ?
                    WHERE id = ? RETURNING \(Self.deliveryColumns)
                    """,
                arguments: [status.rawValue, error, providerID, status.rawValue, seconds, seconds, id]
            ).map(Self.delivery(from:))
        }
    }

    public func requeueFailedDelivery(_ delivery: Delivery, job: NewJob, at now: Date) async throws -> Bool {
        try await write { db in
            try db.execute(
                sql: "UPDATE deliveries SET status = 'queued', updated_at = ? WHERE id = ? AND status = 'failed'",
                arguments: [now.timeIntervalSince1970, delivery.id])
            guard db.changesCount == 1 else { return false }
            _ = try Self.insertJob(db, job, at: now)
            return true
        }
    }

    /// Writes a message's delivery and its job inside the caller's transaction.
    static func insertDelivery(
        _ db: Database, _ address: DeliveryAddress, messageID: Int64, ticketID: Int64, at seconds: Double
    ) throws -> Delivery {
        try db.cachedStatement(
            sql: """
                INSERT INTO deliveries (message_id, ticket_id, channel, recipient, status, attempts, created_at,
                    updated_at) VALUES (?, ?, ?, ?, 'queued', 0, ?, ?)
                """
        ).execute(arguments: [messageID, ticketID, address.channel.rawValue, address.recipient, seconds, seconds])
        let delivery = Delivery(
            id: db.lastInsertedRowID, messageID: messageID, ticketID: ticketID, channel: address.channel,
            recipient: address.recipient, status: .queued, attempts: 0, lastError: nil, providerID: nil, sentAt: nil,
            createdAt: date(seconds), updatedAt: date(seconds))
        _ = try insertJob(db, DeliveryJobs.job(for: delivery, at: date(seconds)), at: date(seconds))
        return delivery
    }

    /// A ticket's deliveries by message id, to attach to its messages.
    static func deliveries(_ db: Database, ticketID: Int64) throws -> [Int64: Delivery] {
        let rows = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT \(deliveryColumns) FROM deliveries WHERE ticket_id = ?"),
            arguments: [ticketID])
        return Dictionary(try rows.map(delivery(from:)).map { ($0.messageID, $0) }, uniquingKeysWith: { $1 })
    }

    static func delivery(from row: Row) throws -> Delivery {
        Delivery(
            id: row["id"], messageID: row["message_id"], ticketID: row["ticket_id"],
            channel: try enumValue(row["channel"]), recipient: row["recipient"], status: try enumValue(row["status"]),
            attempts: row["attempts"], lastError: row["last_error"], providerID: row["provider_id"],
            sentAt: (row["sent_at"] as Double?).map(date), createdAt: date(row["created_at"]),
            updatedAt: date(row["updated_at"]))
    }
}
