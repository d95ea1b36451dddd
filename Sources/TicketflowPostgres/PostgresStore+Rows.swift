import Foundation
import PostgresNIO
import TicketflowCore

/// Row mapping and the small writes every transaction shares. Every value
/// goes through PostgresNIO's interpolation, which binds it as a parameter.
extension PostgresStore {
    /// Advisory-lock namespace for "customer with this email", so two nodes
    /// creating the first ticket of a new customer do not create two customers.
    static let customerEmailLockSpace: Int32 = 0x7466_6365  // "tfce"

    static func detail(_ connection: PostgresConnection, id: Int64, logger: Logger) async throws -> TicketDetail? {
        guard let row = try await first(connection.query("SELECT * FROM tickets WHERE id = \(id)", logger: logger))
        else { return nil }
        let ticket = try ticket(from: row)
        let draftText = try row["draft"].decode(String?.self)
        var customer: Customer?
        if let customerID = ticket.customerID,
           let customerRow = try await first(connection.query(
               "SELECT * FROM customers WHERE id = \(customerID)", logger: logger))
        {
            customer = try Self.customer(from: customerRow)
        }
        let messages = try await all(connection.query(
            "SELECT * FROM messages WHERE ticket_id = \(id) ORDER BY id", logger: logger), message(from:))
        let trace = try await all(connection.query(
            "SELECT * FROM trace_entries WHERE ticket_id = \(id) ORDER BY id", logger: logger), traceEntry(from:))
        let draft: AnswerDraft? = try draftText.map { try JSONColumn.decode($0) }
        return TicketDetail(ticket: ticket, customer: customer, messages: messages, draft: draft, trace: trace)
    }

    static func upsertCustomer(
        _ connection: PostgresConnection, _ input: CustomerInput, at date: Date, logger: Logger
    ) async throws -> Customer? {
        guard !input.isAnonymous else { return nil }
        let seconds = date.timeIntervalSince1970
        if let externalID = input.externalID {
            // Fields the delivery leaves out keep their stored values.
            let rows = try await connection.query(
                """
                INSERT INTO customers (external_id, name, email, plan, lifetime_value, locale, created_at, updated_at)
                VALUES (\(externalID), \(input.name), \(input.email), \(input.plan), \(input.lifetimeValue),
                    \(input.locale), \(seconds), \(seconds))
                ON CONFLICT (external_id) DO UPDATE SET name = COALESCE(EXCLUDED.name, customers.name),
                    email = COALESCE(EXCLUDED.email, customers.email), plan = COALESCE(EXCLUDED.plan, customers.plan),
                    lifetime_value = COALESCE(EXCLUDED.lifetime_value, customers.lifetime_value),
                    locale = COALESCE(EXCLUDED.locale, customers.locale), updated_at = EXCLUDED.updated_at
                RETURNING *
                """, logger: logger)
            return try await first(rows).map(customer(from:))
        }
        guard let email = input.email else { return nil }
        try await connection.query(
            "SELECT pg_advisory_xact_lock(\(customerEmailLockSpace), hashtext(\(email)))", logger: logger)
        if let id = try await firstValue(connection.query(
            "SELECT id FROM customers WHERE email = \(email) ORDER BY id LIMIT 1", logger: logger), Int64.self)
        {
            return try await first(connection.query(
                """
                UPDATE customers SET name = COALESCE(\(input.name), name), plan = COALESCE(\(input.plan), plan),
                    lifetime_value = COALESCE(\(input.lifetimeValue), lifetime_value),
                    locale = COALESCE(\(input.locale), locale), updated_at = \(seconds) WHERE id = \(id)
                RETURNING *
                """, logger: logger)).map(customer(from:))
        }
        return try await first(connection.query(
            """
            INSERT INTO customers (external_id, name, email, plan, lifetime_value, locale, created_at, updated_at)
            VALUES (NULL, \(input.name), \(email), \(input.plan), \(input.lifetimeValue), \(input.locale),
                \(seconds), \(seconds)) RETURNING *
            """, logger: logger)).map(customer(from:))
    }

    /// Inserts a conversation's messages in one statement and returns them
    /// with their ids (one round trip, not one per message).
    @discardableResult
    static func insert(
        _ connection: PostgresConnection, messages: [NewMessage], ticketID: Int64, logger: Logger
    ) async throws -> [Message] {
        guard !messages.isEmpty else { return [] }
        var rows = MultiRowInsert(columns: 5)
        for message in messages {
            rows.bindings.append(ticketID)
            rows.bindings.append(message.author.rawValue)
            rows.bindings.append(message.body)
            rows.bindings.append(try JSONColumn.encode(message.citations))
            rows.bindings.append(message.createdAt.timeIntervalSince1970)
        }
        let result = try await connection.query(
            rows.query("INSERT INTO messages (ticket_id, author, body, citations, created_at)", returning: "id"),
            logger: logger)
        var ids: [Int64] = []
        for try await id in result.decode(Int64.self) { ids.append(id) }
        // Identity values are drawn in VALUES order, so the sorted ids line up with the input.
        return zip(ids.sorted(), messages).map { id, message in
            Message(id: id, ticketID: ticketID, author: message.author, body: message.body,
                    createdAt: message.createdAt, citations: message.citations)
        }
    }

    /// Inserts trace entries in one statement.
    static func insert(
        _ connection: PostgresConnection, trace: [TraceEntry], ticketID: Int64, logger: Logger
    ) async throws {
        guard !trace.isEmpty else { return }
        var rows = MultiRowInsert(columns: 10)
        for entry in trace {
            rows.bindings.append(ticketID)
            rows.bindings.append(entry.stage)
            rows.bindings.append(entry.input)
            rows.bindings.append(entry.output)
            rows.bindings.append(entry.score)
            rows.bindings.append(entry.engine)
            rows.bindings.append(entry.engineVersion)
            rows.bindings.append(entry.durationMs)
            rows.bindings.append(try JSONColumn.encode(entry.details))
            rows.bindings.append(entry.createdAt.timeIntervalSince1970)
        }
        try await connection.query(
            rows.query("""
                INSERT INTO trace_entries (ticket_id, stage, input, output, score, engine, engine_version,
                    duration_ms, details, created_at)
                """),
            logger: logger)
    }

    static func ticket(from row: PostgresRandomAccessRow) throws -> Ticket {
        Ticket(
            id: try row["id"].decode(Int64.self), externalID: try row["external_id"].decode(String?.self),
            customerID: try row["customer_id"].decode(Int64?.self),
            channel: try enumValue(row["channel"].decode(String.self)), subject: try row["subject"].decode(String.self),
            status: try enumValue(row["status"].decode(String.self)), category: try row["category"].decode(String?.self),
            categoryConfidence: try row["category_confidence"].decode(Double?.self),
            sentiment: try row["sentiment"].decode(String?.self).map { try enumValue($0) },
            urgency: try row["urgency"].decode(Int?.self), escalationRisk: try row["escalation_risk"].decode(Bool.self),
            escalationReason: try row["escalation_reason"].decode(String?.self),
            route: try row["route"].decode(String?.self).map { try enumValue($0) },
            assignee: try row["assignee"].decode(String?.self),
            tags: try JSONColumn.decode(row["tags"].decode(String.self)),
            createdAt: date(try row["created_at"].decode(Double.self)),
            updatedAt: date(try row["updated_at"].decode(Double.self)),
            firstResponseAt: try row["first_response_at"].decode(Double?.self).map(date),
            resolvedAt: try row["resolved_at"].decode(Double?.self).map(date))
    }

    static func customer(from row: PostgresRandomAccessRow) throws -> Customer {
        Customer(
            id: try row["id"].decode(Int64.self), externalID: try row["external_id"].decode(String?.self),
            name: try row["name"].decode(String?.self), email: try row["email"].decode(String?.self),
            plan: try row["plan"].decode(String?.self), lifetimeValue: try row["lifetime_value"].decode(Double?.self),
            locale: try row["locale"].decode(String?.self))
    }

    static func message(from row: PostgresRandomAccessRow) throws -> Message {
        Message(
            id: try row["id"].decode(Int64.self), ticketID: try row["ticket_id"].decode(Int64.self),
            author: try enumValue(row["author"].decode(String.self)), body: try row["body"].decode(String.self),
            createdAt: date(try row["created_at"].decode(Double.self)),
            citations: try JSONColumn.decode(row["citations"].decode(String.self)))
    }

    static func traceEntry(from row: PostgresRandomAccessRow) throws -> TraceEntry {
        TraceEntry(
            stage: try row["stage"].decode(String.self), input: try row["input"].decode(String.self),
            output: try row["output"].decode(String.self), score: try row["score"].decode(Double?.self),
            engine: try row["engine"].decode(String.self), engineVersion: try row["engine_version"].decode(String.self),
            durationMs: try row["duration_ms"].decode(Double.self),
            createdAt: date(try row["created_at"].decode(Double.self)),
            details: try JSONColumn.decode(row["details"].decode(String.self)))
    }

    /// The first row of a result, drained so the connection is free again.
    /// Every row, mapped by `transform`, in the order the query returns them.
    static func all<T>(_ rows: PostgresRowSequence, _ transform: (PostgresRandomAccessRow) throws -> T) async throws -> [T] {
        var values: [T] = []
        for try await row in rows { values.append(try transform(row.makeRandomAccess())) }
        return values
    }

    static func first(_ rows: PostgresRowSequence) async throws -> PostgresRandomAccessRow? {
        var result: PostgresRandomAccessRow?
        for try await row in rows where result == nil { result = row.makeRandomAccess() }
        return result
    }

    /// The first column of the first row, if any.
    static func firstValue<T: PostgresDecodable>(_ rows: PostgresRowSequence, _: T.Type) async throws -> T? {
        var result: T?
        for try await value in rows.decode(T.self) where result == nil { result = value }
        return result
    }

    static func date(_ seconds: Double) -> Date { Date(timeIntervalSince1970: seconds) }

    static func enumValue<E: RawRepresentable>(_ raw: String) throws -> E where E.RawValue == String {
        guard let value = E(rawValue: raw) else {
            throw StoreError(.unavailable, "stored value '\(raw)' is not a valid \(E.self)")
        }
        return value
    }
}

/// JSON text columns for small nested values, encoded exactly as the SQLite
/// store encodes them so exports and comparisons match.
enum JSONColumn {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ text: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(text.utf8))
    }
}

/// A multi-row `INSERT ... VALUES ($1, $2), ($3, $4)`: only numbered
/// placeholders are generated; every value travels as a bound parameter.
struct MultiRowInsert {
    let columns: Int
    var bindings = PostgresBindings()

    init(columns: Int) {
        self.columns = columns
    }

    func query(_ head: String, returning: String? = nil) -> PostgresQuery {
        let rowCount = bindings.count / columns
        let rows = (0..<rowCount).map { row in
            "(" + (1...columns).map { "$\(row * columns + $0)" }.joined(separator: ", ") + ")"
        }
        let tail = returning.map { " RETURNING \($0)" } ?? ""
        return PostgresQuery(unsafeSQL: head + " VALUES " + rows.joined(separator: ", ") + tail, binds: bindings)
    }
}
