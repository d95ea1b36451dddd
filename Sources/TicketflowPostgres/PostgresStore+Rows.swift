import Foundation
import PostgresNIO
import TicketflowCore

/// Row mapping and the small writes every transaction shares. Every value
/// goes through PostgresNIO's interpolation, which binds it as a parameter;
/// only the fixed column lists below are spliced in unescaped. Rows decode as
/// typed tuples; dates, enums and JSON convert as Core's
/// `StoredColumnDecoding` and `JSONColumn` say.
extension PostgresStore: StoredColumnDecoding {
    /// Advisory-lock namespace for "customer with this email", so two nodes
    /// creating the first ticket of a new customer do not create two customers.
    static let customerEmailLockSpace: Int32 = 0x7466_6365  // "tfce"

    static func detail(_ connection: PostgresConnection, id: Int64, logger: Logger) async throws -> TicketDetail? {
        var found: (ticket: Ticket, draft: String?)?
        for try await columns in try await connection.query(
            "SELECT \(unescaped: ticketColumns) FROM tickets WHERE id = \(id)", logger: logger
        ).decode(TicketColumns.self) {
            found = (try ticket(columns), columns.19)
        }
        guard let (ticket, draftText) = found else { return nil }
        var customer: Customer?
        if let customerID = ticket.customerID {
            customer = try await customers(
                connection.query(
                    "SELECT \(unescaped: customerColumns) FROM customers WHERE id = \(customerID)", logger: logger)
            ).first
        }
        let deliveries = try await deliveries(connection, ticketID: id, logger: logger)
        var messages: [Message] = []
        for try await (id, ticketID, author, body, createdAt, citations) in try await connection.query(
            "SELECT id, ticket_id, author, body, created_at, citations FROM messages WHERE ticket_id = \(id) ORDER BY id",
            logger: logger
        ).decode((Int64, Int64, String, String, Double, String).self) {
            messages.append(
                Message(
                    id: id, ticketID: ticketID, author: try enumValue(author), body: body, createdAt: date(createdAt),
                    citations: try JSONColumn.decode(citations), delivery: deliveries[id]))
        }
        var trace: [TraceEntry] = []
        for try await (stage, input, output, score, engine, version, duration, createdAt, details, status)
            in try await connection.query(
                """
                SELECT stage, input, output, score, engine, engine_version, duration_ms, created_at, details, status
                FROM trace_entries WHERE ticket_id = \(id) ORDER BY id
                """, logger: logger
            ).decode((String, String, String, Double?, String, String, Double, Double, String, String).self)
        {
            trace.append(
                TraceEntry(
                    stage: stage, input: input, output: output, score: score, engine: engine, engineVersion: version,
                    durationMs: duration, createdAt: date(createdAt), details: try JSONColumn.decode(details),
                    status: try enumValue(status)))
        }
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
                RETURNING \(unescaped: customerColumns)
                """, logger: logger)
            return try await customers(rows).first
        }
        guard let email = input.email else { return nil }
        try await connection.query(
            "SELECT pg_advisory_xact_lock(\(customerEmailLockSpace), hashtext(lower(\(email))))", logger: logger)
        if let id = try await firstValue(
            connection.query(
                // Case-insensitive, so rows stored before intake lower-cased emails still match.
                "SELECT id FROM customers WHERE lower(email) = lower(\(email)) ORDER BY id LIMIT 1", logger: logger),
            Int64.self)
        {
            return try await customers(
                connection.query(
                    """
                    UPDATE customers SET name = COALESCE(\(input.name), name), email = \(email),
                        plan = COALESCE(\(input.plan), plan),
                        lifetime_value = COALESCE(\(input.lifetimeValue), lifetime_value),
                        locale = COALESCE(\(input.locale), locale), updated_at = \(seconds) WHERE id = \(id)
                    RETURNING \(unescaped: customerColumns)
                    """, logger: logger)
            ).first
        }
        return try await customers(
            connection.query(
                """
                INSERT INTO customers (external_id, name, email, plan, lifetime_value, locale, created_at, updated_at)
                VALUES (NULL, \(input.name), \(email), \(input.plan), \(input.lifetimeValue), \(input.locale),
                    \(seconds), \(seconds)) RETURNING \(unescaped: customerColumns)
                """, logger: logger)
        ).first
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
        var stored: [Message] = []
        for (id, message) in zip(ids.sorted(), messages) {
            var delivery: Delivery?
            if let address = message.delivery {
                delivery = try await insertDelivery(
                    connection, address, messageID: id, ticketID: ticketID, at: message.createdAt, logger: logger)
            }
            stored.append(
                Message(
                    id: id, ticketID: ticketID, author: message.author, body: message.body,
                    createdAt: message.createdAt, citations: message.citations, delivery: delivery))
        }
        return stored
    }

    /// Inserts trace entries in one statement.
    static func insert(
        _ connection: PostgresConnection, trace: [TraceEntry], ticketID: Int64, logger: Logger
    ) async throws {
        guard !trace.isEmpty else { return }
        var rows = MultiRowInsert(columns: 11)
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
            rows.bindings.append(entry.status.rawValue)
        }
        try await connection.query(
            rows.query(
                """
                INSERT INTO trace_entries (ticket_id, stage, input, output, score, engine, engine_version,
                    duration_ms, details, created_at, status)
                """),
            logger: logger)
    }

    /// The ticket columns `ticket(_:)` reads, in `TicketColumns` order; the draft is 19th (counting from 0).
    static let ticketColumns = """
        id, external_id, customer_id, channel, subject, status, category, category_confidence, sentiment, urgency,
        escalation_risk, escalation_reason, route, assignee, tags, created_at, updated_at, first_response_at,
        resolved_at, draft, sla_started_at, continued_in
        """

    /// The types of `ticketColumns`.
    typealias TicketColumns = (
        Int64, String?, Int64?, String, String, String, String?, Double?, String?, Int?,
        Bool, String?, String?, String?, String, Double, Double, Double?, Double?, String?, Double?, Int64?
    )

    /// Every ticket of a query selecting `ticketColumns`.
    static func tickets(_ rows: PostgresRowSequence) async throws -> [Ticket] {
        var tickets: [Ticket] = []
        for try await columns in rows.decode(TicketColumns.self) { tickets.append(try ticket(columns)) }
        return tickets
    }

    static func ticket(_ c: TicketColumns) throws -> Ticket {
        Ticket(
            id: c.0, externalID: c.1, customerID: c.2, channel: try enumValue(c.3), subject: c.4,
            status: try enumValue(c.5), category: c.6, categoryConfidence: c.7,
            sentiment: try c.8.map { try enumValue($0) }, urgency: c.9, escalationRisk: c.10, escalationReason: c.11,
            route: try c.12.map { try enumValue($0) }, assignee: c.13, tags: try JSONColumn.decode(c.14),
            createdAt: date(c.15), updatedAt: date(c.16), firstResponseAt: c.17.map(date), resolvedAt: c.18.map(date),
            slaStartedAt: c.20.map(date), continuedIn: c.21)
    }

    /// The customer columns `customers(_:)` reads.
    static let customerColumns = "id, external_id, name, email, plan, lifetime_value, locale"

    /// Every customer of a query selecting (or returning) `customerColumns`.
    static func customers(_ rows: PostgresRowSequence) async throws -> [Customer] {
        var customers: [Customer] = []
        for try await (id, externalID, name, email, plan, value, locale) in rows.decode(
            (Int64, String?, String?, String?, String?, Double?, String?).self)
        {
            customers.append(
                Customer(
                    id: id, externalID: externalID, name: name, email: email, plan: plan, lifetimeValue: value,
                    locale: locale))
        }
        return customers
    }

    /// The first column of the first row, if any.
    static func firstValue<T: PostgresDecodable>(_ rows: PostgresRowSequence, _: T.Type) async throws -> T? {
        var result: T?
        for try await value in rows.decode(T.self) where result == nil { result = value }
        return result
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
