import Foundation
import PostgresNIO
import TicketflowCore

/// The ticket store. Unlike SQLite, many nodes write at once, so duplicate
/// deliveries are settled by unique constraints: the insert that loses the
/// race inserts nothing, its transaction is rolled back and retried, and the
/// retry returns the winner's ticket.
extension PostgresStore: TicketStorage {
    public func insertTicket(_ intake: TicketIntake) async throws -> TicketInsertion {
        let logger = self.logger
        return try await transaction { connection in
            if intake.idempotencyKey != nil || intake.ticket.externalID != nil {
                // One look-up for both keys; the idempotency key decides when both match.
                let rows = try await connection.query(
                    """
                    SELECT id, request_fingerprint, idempotency_key = \(intake.idempotencyKey) AS by_key FROM tickets
                    WHERE idempotency_key = \(intake.idempotencyKey) OR external_id = \(intake.ticket.externalID)
                    """, logger: logger)
                var matches: [(id: Int64, fingerprint: String?, byKey: Bool)] = []
                for try await (id, fingerprint, byKey) in rows.decode((Int64, String?, Bool?).self) {
                    matches.append((id, fingerprint, byKey ?? false))
                }
                if let match = matches.first(where: \.byKey) ?? matches.first {
                    return .existing(
                        StoredDelivery(
                            detail: try await Self.existing(connection, id: match.id, logger: logger),
                            requestFingerprint: match.fingerprint,
                            matchedBy: match.byKey ? .idempotencyKey : .externalID))
                }
            }
            var customer: Customer?
            if let input = intake.customer {
                customer = try await Self.upsertCustomer(connection, input, at: intake.ticket.createdAt, logger: logger)
            }
            var t = intake.ticket
            t.customerID = customer?.id
            let tags = try JSONColumn.encode(t.tags)
            let draft = try intake.draft.map(JSONColumn.encode)
            let inserted = try await Self.firstValue(
                connection.query(
                    """
                    INSERT INTO tickets (external_id, idempotency_key, request_fingerprint, customer_id,
                        channel, subject, status, category, category_confidence, sentiment, urgency,
                        escalation_risk, escalation_reason, route, assignee, tags, draft,
                        created_at, updated_at, first_response_at, resolved_at)
                    VALUES (\(t.externalID), \(intake.idempotencyKey), \(intake.requestFingerprint), \(t.customerID),
                        \(t.channel.rawValue), \(t.subject), \(t.status.rawValue), \(t.category), \(t.categoryConfidence),
                        \(t.sentiment?.rawValue), \(t.urgency), \(t.escalationRisk), \(t.escalationReason),
                        \(t.route?.rawValue), \(t.assignee), \(tags), \(draft), \(t.createdAt.timeIntervalSince1970),
                        \(t.updatedAt.timeIntervalSince1970), \(t.firstResponseAt?.timeIntervalSince1970),
                        \(t.resolvedAt?.timeIntervalSince1970))
                    ON CONFLICT DO NOTHING
                    RETURNING id
                    """, logger: logger), Int64.self)
            guard let id = inserted else {
                // Another node committed the same key or external id after our
                // look-ups; the retry will find and return its ticket.
                throw RaceLost(reason: "a concurrent delivery of the same ticket kept winning")
            }
            t.id = id
            let messages = try await Self.insert(connection, messages: intake.messages, ticketID: id, logger: logger)
            try await Self.insert(connection, trace: intake.trace, ticketID: id, logger: logger)
            try await Self.insert(
                connection,
                events: IntegrationEventRules.events(previous: nil, current: t, messages: messages, at: t.createdAt),
                logger: logger)
            // Built from what was just written rather than read back: every
            // column round-trips exactly (the conformance suite compares the two).
            return .created(
                TicketDetail(
                    ticket: t, customer: customer, messages: messages, draft: intake.draft, trace: intake.trace))
        }
    }

    public func appendToTicket(_ update: TicketUpdate) async throws -> TicketDetail {
        let logger = self.logger
        return try await transaction { connection in
            let t = update.ticket
            let previous = try await Self.storedTicket(connection, id: t.id, logger: logger)
            let tags = try JSONColumn.encode(t.tags)
            let draft = try update.draft.map(JSONColumn.encode)
            let expected = update.expectedUpdatedAt?.timeIntervalSince1970
            let updated = try await Self.firstValue(
                connection.query(
                    """
                    UPDATE tickets SET subject = \(t.subject), status = \(t.status.rawValue), category = \(t.category),
                        category_confidence = \(t.categoryConfidence), sentiment = \(t.sentiment?.rawValue),
                        urgency = \(t.urgency), escalation_risk = \(t.escalationRisk),
                        escalation_reason = \(t.escalationReason), route = \(t.route?.rawValue), assignee = \(t.assignee),
                        tags = \(tags), draft = \(draft), updated_at = \(t.updatedAt.timeIntervalSince1970),
                        first_response_at = \(t.firstResponseAt?.timeIntervalSince1970),
                        resolved_at = \(t.resolvedAt?.timeIntervalSince1970),
                        sla_started_at = \(t.slaStartedAt?.timeIntervalSince1970)
                    WHERE id = \(t.id)
                      AND (\(expected)::double precision IS NULL OR updated_at = \(expected))
                    RETURNING id
                    """, logger: logger), Int64.self)
            guard updated != nil else {
                if expected != nil,
                    try await Self.firstValue(
                        connection.query("SELECT id FROM tickets WHERE id = \(t.id)", logger: logger), Int64.self)
                        != nil
                {
                    throw StoreError.ticketChanged(t.id)
                }
                throw StoreError.noTicket(t.id)
            }
            if let input = update.customer,
                let customer = try await Self.upsertCustomer(connection, input, at: t.updatedAt, logger: logger)
            {
                try await connection.query(
                    "UPDATE tickets SET customer_id = \(customer.id) WHERE id = \(t.id)", logger: logger)
            }
            // The ticket's next state supersedes any preview of the answer that led to it.
            try await connection.query("DELETE FROM answer_previews WHERE ticket_id = \(t.id)", logger: logger)
            let messages = try await Self.insert(connection, messages: update.messages, ticketID: t.id, logger: logger)
            try await Self.insert(connection, trace: update.trace, ticketID: t.id, logger: logger)
            let detail = try await Self.existing(connection, id: t.id, logger: logger)
            try await Self.insert(
                connection,
                events: IntegrationEventRules.events(
                    previous: previous, current: detail.ticket, messages: messages, at: detail.ticket.updatedAt),
                logger: logger)
            return detail
        }
    }

    public func ticketDetail(id: Int64) async throws -> TicketDetail? {
        let logger = self.logger
        return try await transaction { connection in
            // The ticket, its messages and trace from one snapshot, like
            // SQLite's read transaction (read committed would mix commits).
            try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", logger: logger)
            return try await Self.detail(connection, id: id, logger: logger)
        }
    }

    public func tickets(matching query: TicketQuery, limit: Int) async throws -> [Ticket] {
        let logger = self.logger
        let since = query.updatedSince?.timeIntervalSince1970
        return try await connection { connection in
            // NULL filters match everything, so one statement with bound
            // parameters serves every combination.
            let rows = try await connection.query(
                """
                SELECT \(unescaped: Self.ticketColumns) FROM tickets
                WHERE (\(query.status?.rawValue)::text IS NULL OR status = \(query.status?.rawValue))
                  AND (\(query.route?.rawValue)::text IS NULL OR route = \(query.route?.rawValue))
                  AND (\(query.category)::text IS NULL OR category = \(query.category))
                  AND (\(query.before)::bigint IS NULL OR id < \(query.before))
                  AND (\(since)::double precision IS NULL OR updated_at >= \(since))
                ORDER BY id DESC LIMIT \(limit)
                """, logger: logger)
            return try await Self.tickets(rows)
        }
    }

    public func updateStamps(ticketIDs: [Int64]) async throws -> [Int64: Date] {
        guard !ticketIDs.isEmpty else { return [:] }
        let logger = self.logger
        return try await connection { connection in
            // A preview being written counts as a change (`AnswerPreviewStore`).
            let rows = try await connection.query(
                """
                SELECT t.id, GREATEST(t.updated_at, p.updated_at) FROM tickets t
                LEFT JOIN answer_previews p ON p.ticket_id = t.id WHERE t.id = ANY(\(ticketIDs))
                """, logger: logger)
            var stamps: [Int64: Date] = [:]
            for try await (id, updated) in rows.decode((Int64, Double).self) {
                stamps[id] = Date(timeIntervalSince1970: updated)
            }
            return stamps
        }
    }

    public func ticketCount() async throws -> Int {
        let logger = self.logger
        return try await connection { connection in
            try await Self.firstValue(connection.query("SELECT COUNT(*) FROM tickets", logger: logger), Int.self) ?? 0
        }
    }

    static func existing(_ connection: PostgresConnection, id: Int64, logger: Logger) async throws -> TicketDetail {
        guard let detail = try await detail(connection, id: id, logger: logger) else {
            throw StoreError.noTicket(id)
        }
        return detail
    }
}
