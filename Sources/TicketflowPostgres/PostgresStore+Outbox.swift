import Foundation
import PostgresNIO
import TicketflowCore

/// The outbox: a message that should reach the customer is stored with its
/// delivery row and the job that sends it, in one transaction.
extension PostgresStore: OutboxStore {
    static let deliveryColumns = """
        id, message_id, ticket_id, channel, recipient, status, attempts, last_error, provider_id, sent_at,
        created_at, updated_at
        """

    /// `deliveryColumns` as decoded.
    typealias DeliveryRow = (
        Int64, Int64, Int64, String, String, String, Int, String?, String?, Double?, Double, Double
    )

    public func delivery(id: Int64) async throws -> Delivery? {
        let logger = self.logger
        return try await connection { connection in
            try await Self.deliveries(
                connection.query(
                    "SELECT \(unescaped: Self.deliveryColumns) FROM deliveries WHERE id = \(id)", logger: logger)
            ).first
        }
    }

    public func recordDeliveryAttempt(
        id: Int64, status: DeliveryStatus, error: String?, providerID: String?, at now: Date
    ) async throws -> Delivery? {
        let logger = self.logger
        let seconds = now.timeIntervalSince1970
        return try await transaction { connection in
            try await Self.deliveries(
                connection.query(
                    """
                    UPDATE deliveries SET status = \(status.rawValue), attempts = attempts + 1, last_error = \(error),
                        provider_id = COALESCE(\(providerID), provider_id),
                        sent_at = CASE WHEN \(status.rawValue) = 'sent' THEN \(seconds) ELSE sent_at END,
                        updated_at = \(seconds)
                    WHERE id = \(id) RETURNING \(unescaped: Self.deliveryColumns)
                    """, logger: logger)
            ).first
        }
    }

    public func requeueFailedDelivery(_ delivery: Delivery, job: NewJob, at now: Date) async throws -> Bool {
        let logger = self.logger
        return try await transaction { connection in
            let requeued = try await Self.firstValue(
                connection.query(
                    """
                    UPDATE deliveries SET status = 'queued', updated_at = \(now.timeIntervalSince1970)
                    WHERE id = \(delivery.id) AND status = 'failed' RETURNING id
                    """, logger: logger), Int64.self)
            guard requeued != nil else { return false }
            _ = try await Self.insertJob(connection, job, at: now, logger: logger)
            return true
        }
    }

    /// Writes a message's delivery and its job inside the caller's transaction.
    static func insertDelivery(
        _ connection: PostgresConnection, _ address: DeliveryAddress, messageID: Int64, ticketID: Int64,
        at now: Date, logger: Logger
    ) async throws -> Delivery {
        let seconds = now.timeIntervalSince1970
        let delivery = try await deliveries(
            connection.query(
                """
                INSERT INTO deliveries (message_id, ticket_id, channel, recipient, status, attempts, created_at,
                    updated_at)
                VALUES (\(messageID), \(ticketID), \(address.channel.rawValue), \(address.recipient), 'queued', 0,
                    \(seconds), \(seconds))
                RETURNING \(unescaped: deliveryColumns)
                """, logger: logger)
        )[0]
        _ = try await insertJob(connection, DeliveryJobs.job(for: delivery, at: now), at: now, logger: logger)
        return delivery
    }

    /// A ticket's deliveries by message id, to attach to its messages.
    static func deliveries(
        _ connection: PostgresConnection, ticketID: Int64, logger: Logger
    ) async throws -> [Int64: Delivery] {
        let rows = try await deliveries(
            connection.query(
                "SELECT \(unescaped: deliveryColumns) FROM deliveries WHERE ticket_id = \(ticketID)", logger: logger))
        return Dictionary(rows.map { ($0.messageID, $0) }, uniquingKeysWith: { $1 })
    }

    static func deliveries(_ rows: PostgresRowSequence) async throws -> [Delivery] {
        var deliveries: [Delivery] = []
        for try await c in rows.decode(DeliveryRow.self) {
            deliveries.append(
                Delivery(
                    id: c.0, messageID: c.1, ticketID: c.2, channel: try enumValue(c.3), recipient: c.4,
                    status: try enumValue(c.5), attempts: c.6, lastError: c.7, providerID: c.8, sentAt: c.9.map(date),
                    createdAt: date(c.10), updatedAt: date(c.11)))
        }
        return deliveries
    }
}
