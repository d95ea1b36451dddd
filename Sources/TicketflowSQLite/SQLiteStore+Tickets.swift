import Foundation
import GRDB
import TicketflowCore

extension SQLiteStore: TicketStorage {
    public func insertTicket(_ intake: TicketIntake) async throws -> TicketInsertion {
        try await batcher.submit { db in try Self.insert(db, intake) }
    }

    /// Writes one intake inside the caller's transaction (see WriteBatcher).
    static func insert(_ db: Database, _ intake: TicketIntake) throws -> TicketInsertion {
        if let key = intake.idempotencyKey,
            let (id, fingerprint) = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT id, request_fingerprint FROM tickets WHERE idempotency_key = ?"),
                arguments: [key]
            ).map({ ($0[0] as Int64, $0[1] as String?) })
        {
            return .existing(
                StoredDelivery(
                    detail: try Self.detail(db, id: id)!, requestFingerprint: fingerprint, matchedBy: .idempotencyKey))
        }
        if let externalID = intake.ticket.externalID,
            let (id, fingerprint) = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT id, request_fingerprint FROM tickets WHERE external_id = ?"),
                arguments: [externalID]
            ).map({ ($0[0] as Int64, $0[1] as String?) })
        {
            return .existing(
                StoredDelivery(
                    detail: try Self.detail(db, id: id)!, requestFingerprint: fingerprint, matchedBy: .externalID))
        }
        let customerID = try intake.customer.flatMap { try Self.upsertCustomer(db, $0, at: intake.ticket.createdAt) }
        let t = intake.ticket
        try db.cachedStatement(
            sql: """
                INSERT INTO tickets (external_id, idempotency_key, request_fingerprint, customer_id,
                    channel, subject, status, category, category_confidence, sentiment, urgency,
                    escalation_risk, escalation_reason, route, assignee, tags, draft,
                    created_at, updated_at, first_response_at, resolved_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            t.externalID, intake.idempotencyKey, intake.requestFingerprint, customerID,
            t.channel.rawValue, t.subject, t.status.rawValue, t.category, t.categoryConfidence,
            t.sentiment?.rawValue, t.urgency, t.escalationRisk, t.escalationReason,
            t.route?.rawValue, t.assignee, try JSONColumn.encode(t.tags),
            try intake.draft.map(JSONColumn.encode), t.createdAt.timeIntervalSince1970,
            t.updatedAt.timeIntervalSince1970, t.firstResponseAt?.timeIntervalSince1970,
            t.resolvedAt?.timeIntervalSince1970,
        ])
        let id = db.lastInsertedRowID
        let messages = try Self.insert(db, messages: intake.messages, ticketID: id)
        try Self.insert(db, trace: intake.trace, ticketID: id)
        let detail = try Self.createdDetail(db, intake, id: id, customerID: customerID, messages: messages)
        try Self.insert(
            db,
            events: IntegrationEventRules.events(
                previous: nil, current: detail.ticket, messages: messages, at: detail.ticket.createdAt))
        return .created(detail)
    }

    /// The new ticket's detail built from what was just written, instead of
    /// reading it all back: this runs on SQLite's single writer, so every
    /// query here is time no other intake can use. Dates go through the same
    /// seconds-since-1970 conversion as the columns, so a later read is equal.
    static func createdDetail(
        _ db: Database, _ intake: TicketIntake, id: Int64, customerID: Int64?, messages: [Message]
    ) throws -> TicketDetail {
        func stored(_ date: Date) -> Date { Date(timeIntervalSince1970: date.timeIntervalSince1970) }
        var ticket = intake.ticket
        ticket.id = id
        ticket.customerID = customerID
        ticket.createdAt = stored(ticket.createdAt)
        ticket.updatedAt = stored(ticket.updatedAt)
        ticket.firstResponseAt = ticket.firstResponseAt.map(stored)
        ticket.resolvedAt = ticket.resolvedAt.map(stored)
        // The customer row may hold fields from earlier deliveries, so it is read.
        let customer = try customerID.flatMap {
            try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM customers WHERE id = ?"), arguments: [$0])
        }.map(Self.customer(from:))
        let trace = intake.trace.map { entry -> TraceEntry in
            var entry = entry
            entry.createdAt = stored(entry.createdAt)
            return entry
        }
        return TicketDetail(ticket: ticket, customer: customer, messages: messages, draft: intake.draft, trace: trace)
    }

    public func appendToTicket(_ update: TicketUpdate) async throws -> TicketDetail {
        try await write { db in
            let t = update.ticket
            let previous = try Self.storedTicket(db, id: t.id)
            try db.execute(
                sql: """
                    UPDATE tickets SET subject = ?, status = ?, category = ?, category_confidence = ?,
                        sentiment = ?, urgency = ?, escalation_risk = ?, escalation_reason = ?, route = ?,
                        assignee = ?, tags = ?, draft = ?, updated_at = ?, first_response_at = ?,
                        resolved_at = ?, sla_started_at = ?
                    WHERE id = ? AND (? IS NULL OR updated_at = ?)
                    """,
                arguments: [
                    t.subject, t.status.rawValue, t.category, t.categoryConfidence, t.sentiment?.rawValue,
                    t.urgency, t.escalationRisk, t.escalationReason, t.route?.rawValue, t.assignee,
                    try JSONColumn.encode(t.tags), try update.draft.map(JSONColumn.encode),
                    t.updatedAt.timeIntervalSince1970, t.firstResponseAt?.timeIntervalSince1970,
                    t.resolvedAt?.timeIntervalSince1970, t.slaStartedAt?.timeIntervalSince1970, t.id,
                    update.expectedUpdatedAt?.timeIntervalSince1970, update.expectedUpdatedAt?.timeIntervalSince1970,
                ])
            guard db.changesCount == 1 else {
                if update.expectedUpdatedAt != nil,
                    try Bool.fetchOne(db, sql: "SELECT 1 FROM tickets WHERE id = ?", arguments: [t.id]) != nil
                {
                    throw StoreError.ticketChanged(t.id)
                }
                throw StoreError.noTicket(t.id)
            }
            if let input = update.customer, let customerID = try Self.upsertCustomer(db, input, at: t.updatedAt) {
                try db.execute(
                    sql: "UPDATE tickets SET customer_id = ? WHERE id = ?", arguments: [customerID, t.id])
            }
            // The ticket's next state supersedes any preview of the answer that led to it.
            try db.execute(sql: "DELETE FROM answer_previews WHERE ticket_id = ?", arguments: [t.id])
            let messages = try Self.insert(db, messages: update.messages, ticketID: t.id)
            try Self.insert(db, trace: update.trace, ticketID: t.id)
            let detail = try Self.detail(db, id: t.id)!
            try Self.insert(
                db,
                events: IntegrationEventRules.events(
                    previous: previous, current: detail.ticket, messages: messages, at: detail.ticket.updatedAt))
            return detail
        }
    }

    public func ticketDetail(id: Int64) async throws -> TicketDetail? {
        try await read { db in try Self.detail(db, id: id) }
    }

    public func updateStamps(ticketIDs: [Int64]) async throws -> [Int64: Date] {
        guard !ticketIDs.isEmpty else { return [:] }
        return try await read { db in
            var stamps: [Int64: Date] = [:]
            // SQLite's bound-parameter limit is 32,766; chunks stay well under it.
            for chunk in stride(from: 0, to: ticketIDs.count, by: 500).map({
                ticketIDs[$0..<min($0 + 500, ticketIDs.count)]
            }) {
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                // A preview being written counts as a change (`AnswerPreviewStore`).
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT t.id, max(t.updated_at, coalesce(p.updated_at, 0)) AS updated_at FROM tickets t
                        LEFT JOIN answer_previews p ON p.ticket_id = t.id WHERE t.id IN (\(marks))
                        """,
                    arguments: StatementArguments(Array(chunk)))
                for row in rows { stamps[row["id"]] = Date(timeIntervalSince1970: row["updated_at"]) }
            }
            return stamps
        }
    }

    public func tickets(matching query: TicketQuery, limit: Int) async throws -> [Ticket] {
        try await read { db in
            var conditions: [String] = []
            var arguments = StatementArguments()
            if let status = query.status { conditions.append("status = ?"); arguments += [status.rawValue] }
            if let route = query.route { conditions.append("route = ?"); arguments += [route.rawValue] }
            if let category = query.category { conditions.append("category = ?"); arguments += [category] }
            if let before = query.before { conditions.append("id < ?"); arguments += [before] }
            if let since = query.updatedSince {
                conditions.append("updated_at >= ?"); arguments += [since.timeIntervalSince1970]
            }
            arguments += [limit]
            // Only fixed column predicates are joined here; every value is a bound argument.
            let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            return try Row.fetchAll(
                db, sql: "SELECT \(Self.ticketColumns) FROM tickets \(filter) ORDER BY id DESC LIMIT ?",
                arguments: arguments
            ).map(Self.ticket(from:))
        }
    }

    public func ticketCount() async throws -> Int {
        try await read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tickets") ?? 0 }
    }
}
