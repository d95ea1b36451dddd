import Foundation
import PostgresNIO
import TicketflowCore

/// The integration event feed. Many nodes write at once, and identity values
/// are drawn when a row is inserted, not when its transaction commits: a
/// reader could see event 12 before event 11 commits and move its cursor past
/// 11 for good. So a write takes a transaction-scoped advisory lock right
/// before it inserts its events and holds it to commit: ids are then handed
/// out in commit order, at the cost of serialising the last step of ticket
/// writes (the commit) across nodes.
extension PostgresStore: IntegrationEventStore {
    static let eventOrderLockKey: Int64 = 0x7466_6576_656E_7473  // "tfevents"

    public func latestIntegrationEventID() async throws -> Int64 {
        let logger = self.logger
        return try await connection { connection in
            try await Self.firstValue(
                connection.query("SELECT COALESCE(MAX(id), 0)::bigint FROM integration_events", logger: logger),
                Int64.self) ?? 0
        }
    }

    public func integrationEvents(after: Int64, limit: Int) async throws -> [IntegrationEvent] {
        let logger = self.logger
        return try await connection { connection in
            let rows = try await connection.query(
                """
                SELECT id, type, ticket_id, message_id, data, created_at FROM integration_events
                WHERE id > \(after) ORDER BY id LIMIT \(limit)
                """, logger: logger)
            var events: [IntegrationEvent] = []
            for try await (id, type, ticketID, messageID, data, createdAt) in rows.decode(
                (Int64, String, Int64, Int64?, String, Double).self)
            {
                events.append(
                    IntegrationEvent(
                        id: id, type: try Self.enumValue(type), ticketID: ticketID, messageID: messageID,
                        data: try JSONColumn.decode(data), createdAt: Self.date(createdAt)))
            }
            return events
        }
    }

    public func recordIntegrationEvent(_ event: NewIntegrationEvent) async throws -> IntegrationEvent {
        let logger = self.logger
        return try await transaction { connection in
            try await Self.insert(connection, events: [event], logger: logger).first!
        }
    }

    /// Stores the events of one write; call it last in the transaction, so the
    /// order lock is held only for the commit.
    @discardableResult
    static func insert(
        _ connection: PostgresConnection, events: [NewIntegrationEvent], logger: Logger
    ) async throws -> [IntegrationEvent] {
        guard !events.isEmpty else { return [] }
        try await connection.query("SELECT pg_advisory_xact_lock(\(eventOrderLockKey))", logger: logger)
        var rows = MultiRowInsert(columns: 5)
        let data = try IntegrationEventData.encodedOnce(events)
        for event in events {
            rows.bindings.append(event.type.rawValue)
            rows.bindings.append(event.ticketID)
            rows.bindings.append(event.messageID)
            rows.bindings.append(data[event.data])
            rows.bindings.append(event.createdAt.timeIntervalSince1970)
        }
        let result = try await connection.query(
            rows.query(
                "INSERT INTO integration_events (type, ticket_id, message_id, data, created_at)", returning: "id"),
            logger: logger)
        var ids: [Int64] = []
        for try await id in result.decode(Int64.self) { ids.append(id) }
        // Identity values are drawn in VALUES order, so the sorted ids line up with the input.
        return zip(ids.sorted(), events).map { id, event in
            IntegrationEvent(
                id: id, type: event.type, ticketID: event.ticketID, messageID: event.messageID, data: event.data,
                createdAt: event.createdAt)
        }
    }

    /// The ticket row before a write changes it, locked until the write commits.
    static func storedTicket(_ connection: PostgresConnection, id: Int64, logger: Logger) async throws -> Ticket? {
        try await tickets(
            connection.query(
                "SELECT \(unescaped: ticketColumns) FROM tickets WHERE id = \(id) FOR UPDATE", logger: logger)
        ).first
    }
}
