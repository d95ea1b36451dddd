import Foundation
import GRDB
import TicketflowCore

/// The integration event feed. SQLite has one writer, so ids are handed out
/// in commit order and a reader's `after` cursor never skips a late commit.
extension SQLiteStore: IntegrationEventStore {
    public func latestIntegrationEventID() async throws -> Int64 {
        try await read { db in try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM integration_events") ?? 0 }
    }

    public func integrationEvents(after: Int64, limit: Int) async throws -> [IntegrationEvent] {
        try await read { db in
            try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT id, type, ticket_id, message_id, data, created_at FROM integration_events
                        WHERE id > ? ORDER BY id LIMIT ?
                        """),
                arguments: [after, limit]
            ).map(Self.integrationEvent(from:))
        }
    }

    public func recordIntegrationEvent(_ event: NewIntegrationEvent) async throws -> IntegrationEvent {
        try await write { db in try Self.insert(db, events: [event]).first! }
    }

    /// Stores the events of one write inside the caller's transaction.
    @discardableResult
    static func insert(_ db: Database, events: [NewIntegrationEvent]) throws -> [IntegrationEvent] {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO integration_events (type, ticket_id, message_id, data, created_at)
                VALUES (?, ?, ?, ?, ?)
                """)
        let data = try IntegrationEventData.encodedOnce(events)
        return try events.map { event in
            let seconds = event.createdAt.timeIntervalSince1970
            try statement.execute(arguments: [
                event.type.rawValue, event.ticketID, event.messageID, data[event.data], seconds,
            ])
            return IntegrationEvent(
                id: db.lastInsertedRowID, type: event.type, ticketID: event.ticketID, messageID: event.messageID,
                data: event.data, createdAt: date(seconds))
        }
    }

    /// The ticket row as it is before a write changes it.
    static func storedTicket(_ db: Database, id: Int64) throws -> Ticket? {
        try Row.fetchOne(
            db.cachedStatement(sql: "SELECT \(ticketColumns) FROM tickets WHERE id = ?"), arguments: [id]
        ).map(Self.ticket(from:))
    }

    static func integrationEvent(from row: Row) throws -> IntegrationEvent {
        IntegrationEvent(
            id: row["id"], type: try enumValue(row["type"]), ticketID: row["ticket_id"], messageID: row["message_id"],
            data: try JSONColumn.decode(row["data"]), createdAt: date(row["created_at"]))
    }
}
