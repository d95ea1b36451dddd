import Foundation
import GRDB
import TicketflowCore

/// Row mapping and the small helpers every write shares; dates, enums and
/// JSON columns convert as Core's `StoredColumnDecoding` and `JSONColumn` say.
extension SQLiteStore: StoredColumnDecoding {
    /// The ticket columns `ticket(from:)` reads, in table order.
    static let ticketColumns = """
        id, external_id, customer_id, channel, subject, status, category, category_confidence, sentiment, urgency,
        escalation_risk, escalation_reason, route, assignee, tags, created_at, updated_at, first_response_at,
        resolved_at, sla_started_at, continued_in
        """

    /// Runs a write transaction, turning database failures into StoreError.
    /// Its outcome feeds the write-health recorder that `/healthz` reads; a
    /// transaction that changed nothing (an empty claim) proves nothing either way.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            let (value, wrote) = try await pool.write { db in
                let before = db.totalChangesCount
                let value = try body(db)
                return (value, db.totalChangesCount > before)
            }
            if wrote { Self.record(nil, in: health) }
            return value
        } catch let error as any StoreAnswer {
            throw error
        } catch {
            Self.record(error, in: health)
            throw StoreError(.unavailable, "database write failed: \(error)")
        }
    }

    /// Runs a read on a snapshot, turning database failures into StoreError.
    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.read(body)
        } catch let error as any StoreAnswer {
            throw error
        } catch {
            throw StoreError(.unavailable, "database read failed: \(error)")
        }
    }

    static func detail(_ db: Database, id: Int64) throws -> TicketDetail? {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT \(ticketColumns), draft FROM tickets WHERE id = ?"), arguments: [id])
        else {
            return nil
        }
        let ticket = try ticket(from: row)
        let customer = try ticket.customerID.flatMap {
            try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM customers WHERE id = ?"), arguments: [$0])
        }.map(Self.customer(from:))
        let deliveries = try Self.deliveries(db, ticketID: id)
        let messages = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM messages WHERE ticket_id = ? ORDER BY id"), arguments: [id]
        ).map { row in
            var message = try Self.message(from: row)
            message.delivery = deliveries[message.id]
            return message
        }
        let trace = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM trace_entries WHERE ticket_id = ? ORDER BY id"), arguments: [id]
        ).map(Self.traceEntry(from:))
        let draft: AnswerDraft? = try (row["draft"] as String?).map { try JSONColumn.decode($0) }
        return TicketDetail(ticket: ticket, customer: customer, messages: messages, draft: draft, trace: trace)
    }

    static func upsertCustomer(_ db: Database, _ input: CustomerInput, at date: Date) throws -> Int64? {
        guard !input.isAnonymous else { return nil }
        var existing: Int64?
        if let externalID = input.externalID {
            existing = try Int64.fetchOne(
                db.cachedStatement(sql: "SELECT id FROM customers WHERE external_id = ?"), arguments: [externalID])
        } else if let email = input.email {
            existing = try Int64.fetchOne(
                // Case-insensitive, so rows stored before intake lower-cased emails still match.
                db.cachedStatement(sql: "SELECT id FROM customers WHERE lower(email) = lower(?) ORDER BY id LIMIT 1"),
                arguments: [email])
        }
        let seconds = date.timeIntervalSince1970
        if let id = existing {
            // Fields the delivery leaves out keep their stored values.
            try db.execute(
                sql: """
                    UPDATE customers SET name = COALESCE(?, name), email = COALESCE(?, email),
                        plan = COALESCE(?, plan), lifetime_value = COALESCE(?, lifetime_value),
                        locale = COALESCE(?, locale), updated_at = ? WHERE id = ?
                    """,
                arguments: [input.name, input.email, input.plan, input.lifetimeValue, input.locale, seconds, id])
            return id
        }
        try db.execute(
            sql: """
                INSERT INTO customers (external_id, name, email, plan, lifetime_value, locale, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                input.externalID, input.name, input.email, input.plan, input.lifetimeValue,
                input.locale, seconds, seconds,
            ])
        return db.lastInsertedRowID
    }

    /// Inserts messages and returns them as stored (ids, dates as the column holds them).
    /// Hot-path statements are cached: compiling them again costs more than running them.
    @discardableResult
    static func insert(_ db: Database, messages: [NewMessage], ticketID: Int64) throws -> [Message] {
        let statement = try db.cachedStatement(
            sql: "INSERT INTO messages (ticket_id, author, body, citations, created_at) VALUES (?, ?, ?, ?, ?)")
        return try messages.map { message in
            let seconds = message.createdAt.timeIntervalSince1970
            try statement.execute(arguments: [
                ticketID, message.author.rawValue, message.body,
                try JSONColumn.encode(message.citations), seconds,
            ])
            let id = db.lastInsertedRowID
            return Message(
                id: id, ticketID: ticketID, author: message.author, body: message.body,
                createdAt: Date(timeIntervalSince1970: seconds), citations: message.citations,
                delivery: try message.delivery.map {
                    try insertDelivery(db, $0, messageID: id, ticketID: ticketID, at: seconds)
                })
        }
    }

    static func insert(_ db: Database, trace: [TraceEntry], ticketID: Int64) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO trace_entries (ticket_id, stage, input, output, score, engine, engine_version,
                    duration_ms, details, created_at, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        for entry in trace {
            try statement.execute(arguments: [
                ticketID, entry.stage, entry.input, entry.output, entry.score, entry.engine,
                entry.engineVersion, entry.durationMs, try JSONColumn.encode(entry.details),
                entry.createdAt.timeIntervalSince1970, entry.status.rawValue,
            ])
        }
    }

    static func ticket(from row: Row) throws -> Ticket {
        Ticket(
            id: row["id"], externalID: row["external_id"], customerID: row["customer_id"],
            channel: try enumValue(row["channel"]), subject: row["subject"],
            status: try enumValue(row["status"]), category: row["category"],
            categoryConfidence: row["category_confidence"],
            sentiment: try (row["sentiment"] as String?).map { try enumValue($0) },
            urgency: row["urgency"], escalationRisk: row["escalation_risk"],
            escalationReason: row["escalation_reason"],
            route: try (row["route"] as String?).map { try enumValue($0) },
            assignee: row["assignee"], tags: try JSONColumn.decode(row["tags"]),
            createdAt: date(row["created_at"]), updatedAt: date(row["updated_at"]),
            firstResponseAt: (row["first_response_at"] as Double?).map(date),
            resolvedAt: (row["resolved_at"] as Double?).map(date),
            slaStartedAt: (row["sla_started_at"] as Double?).map(date), continuedIn: row["continued_in"]
        )
    }

    static func customer(from row: Row) -> Customer {
        Customer(
            id: row["id"], externalID: row["external_id"], name: row["name"], email: row["email"],
            plan: row["plan"], lifetimeValue: row["lifetime_value"], locale: row["locale"])
    }

    static func message(from row: Row) throws -> Message {
        Message(
            id: row["id"], ticketID: row["ticket_id"], author: try enumValue(row["author"]),
            body: row["body"], createdAt: date(row["created_at"]),
            citations: try JSONColumn.decode(row["citations"]))
    }

    static func traceEntry(from row: Row) throws -> TraceEntry {
        TraceEntry(
            stage: row["stage"], input: row["input"], output: row["output"], score: row["score"],
            engine: row["engine"], engineVersion: row["engine_version"], durationMs: row["duration_ms"],
            createdAt: date(row["created_at"]), details: try JSONColumn.decode(row["details"]),
            status: try enumValue(row["status"]))
    }
}
