import Foundation
import PostgresNIO
import TicketflowCore

extension PostgresStore: InboxStore {
    public func inboxEntries(_ query: InboxQuery, limit: Int) async throws -> [InboxEntry] {
        let logger = self.logger
        let (mode, holder) = query.assignee.boundMode
        let statuses = query.statuses?.map(\.rawValue)
        let words = query.terms
        let from = query.createdFrom?.timeIntervalSince1970
        let until = query.createdBefore?.timeIntervalSince1970
        let columns = Self.ticketColumns.split(separator: ",").map {
            "t." + $0.trimmingCharacters(in: .whitespacesAndNewlines)
        }.joined(separator: ", ")
        // Fixed predicates with numbered placeholders; every value is a bound parameter.
        var bindings = PostgresBindings()
        func bind(_ value: some PostgresEncodable & Sendable) throws -> String {
            try bindings.append(value)
            return "$\(bindings.count)"
        }
        func bindOptional(_ value: (some PostgresEncodable & Sendable)?) throws -> String {
            if let value { try bindings.append(value) } else { bindings.appendNull() }
            return "$\(bindings.count)"
        }
        var conditions = try [
            "(\(bindOptional(statuses))::text[] IS NULL OR t.status = ANY($\(bindings.count)))",
            "(\(bindOptional(query.route?.rawValue))::text IS NULL OR t.route = $\(bindings.count))",
            "(\(bindOptional(query.category))::text IS NULL OR t.category = $\(bindings.count))",
            "(\(bindOptional(query.channel?.rawValue))::text IS NULL OR t.channel = $\(bindings.count))",
            "(\(bindOptional(query.customerID))::bigint IS NULL OR t.customer_id = $\(bindings.count))",
            // Tags are a JSON array in a text column; containment asks for one element equal to the tag.
            "(\(bindOptional(query.tag))::text IS NULL OR t.tags::jsonb @> jsonb_build_array($\(bindings.count)::text))",
            "(\(bindOptional(from))::double precision IS NULL OR t.created_at >= $\(bindings.count))",
            "(\(bindOptional(until))::double precision IS NULL OR t.created_at < $\(bindings.count))",
            "(\(bindOptional(query.before))::bigint IS NULL OR t.id < $\(bindings.count))",
        ]
        let modeSlot = try bind(mode)
        let holderSlot = try bindOptional(holder)
        conditions.append(
            "(\(modeSlot) = 'any' OR (\(modeSlot) = 'unassigned' AND t.assignee IS NULL) "
                + "OR (\(modeSlot) = 'user' AND t.assignee = \(holderSlot)))")
        for word in words {
            // Each word somewhere: the subject, any message, the customer. Uncorrelated IN lists, so the GIN
            // indexes answer them; a word is letters and digits only (SearchTerms), so `word:*` is a prefix
            // query and never tsquery syntax.
            let prefix = try bind(word + ":*")
            let like = try bind("%" + word + "%")
            conditions.append(
                """
                (t.id IN (SELECT id FROM tickets WHERE to_tsvector('simple', subject) @@ to_tsquery('simple', \(prefix)))
                 OR t.id IN (SELECT ticket_id FROM messages WHERE to_tsvector('simple', body) @@ to_tsquery('simple', \(prefix)))
                 OR coalesce(c.name, '') ILIKE \(like) OR coalesce(c.email, '') ILIKE \(like))
                """)
        }
        let sql = try """
        SELECT \(columns) FROM tickets t LEFT JOIN customers c ON c.id = t.customer_id
        WHERE \(conditions.joined(separator: " AND "))
        ORDER BY t.id DESC LIMIT \(bind(limit))
        """
        let statement = PostgresQuery(unsafeSQL: sql, binds: bindings)
        return try await connection { connection in
            let rows = try await connection.query(statement, logger: logger)
            let tickets = try await Self.tickets(rows)
            guard !tickets.isEmpty else { return [] }
            var extras: [Int64: (String?, String?, Double?, String?)] = [:]
            let ids = tickets.map(\.id)
            let details = try await connection.query(
                """
                SELECT t.id, c.name, c.email, last.created_at, substr(last.body, 1, \(InboxEntry.previewLength)::int)
                FROM tickets t
                LEFT JOIN customers c ON c.id = t.customer_id
                LEFT JOIN messages last ON last.id = (
                    SELECT id FROM messages WHERE ticket_id = t.id AND author = 'customer' ORDER BY id DESC LIMIT 1)
                WHERE t.id = ANY(\(ids))
                """, logger: logger)
            for try await (id, name, email, at, preview) in details.decode(
                (Int64, String?, String?, Double?, String?).self)
            {
                extras[id] = (name, email, at, preview)
            }
            return tickets.map { ticket in
                let extra = extras[ticket.id]
                return InboxEntry(
                    ticket: ticket, customerName: extra?.0, customerEmail: extra?.1,
                    lastCustomerMessageAt: extra?.2.map(Date.init(timeIntervalSince1970:)), preview: extra?.3)
            }
        }
    }

    public func answers(withCitationsContaining text: String, limit: Int) async throws -> [CitingAnswer] {
        let logger = self.logger
        return try await connection { connection in
            var answers: [CitingAnswer] = []
            for try await (id, subject, status, author, at, citations) in try await connection.query(
                """
                SELECT t.id, t.subject, t.status, m.author, m.created_at, m.citations
                FROM messages m JOIN tickets t ON t.id = m.ticket_id
                WHERE m.author IN ('ai', 'agent') AND strpos(m.citations, \(text)) > 0
                ORDER BY m.id DESC LIMIT \(limit)
                """, logger: logger
            ).decode((Int64, String, String, String, Double, String).self) {
                var answer = CitingAnswer(
                    ticketID: id, subject: subject, status: try Self.enumValue(status),
                    author: try Self.enumValue(author), at: Self.date(at))
                answer.citedArticleIDs = try (JSONColumn.decode(citations) as [Citation]).map(\.articleID)
                answers.append(answer)
            }
            return answers
        }
    }
}
