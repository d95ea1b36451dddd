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
        return try await connection { connection in
            // NULL filters match everything, so one statement with bound parameters serves every combination.
            // Each search word must match somewhere (subject, a message, the customer); words are letters and
            // digits only (SearchTerms), so `word:*` is a prefix query and never tsquery syntax. The coalesces
            // matter: a NULL match would make `NOT (...)` NULL and let a ticket through that matches nothing.
            let rows = try await connection.query(
                """
                SELECT \(unescaped: columns) FROM tickets t LEFT JOIN customers c ON c.id = t.customer_id
                WHERE (\(statuses)::text[] IS NULL OR t.status = ANY(\(statuses)))
                  AND (\(query.route?.rawValue)::text IS NULL OR t.route = \(query.route?.rawValue))
                  AND (\(query.category)::text IS NULL OR t.category = \(query.category))
                  AND (\(query.channel?.rawValue)::text IS NULL OR t.channel = \(query.channel?.rawValue))
                  AND (\(mode) = 'any' OR (\(mode) = 'unassigned' AND t.assignee IS NULL)
                       OR (\(mode) = 'user' AND t.assignee = \(holder)))
                  AND (\(from)::double precision IS NULL OR t.created_at >= \(from))
                  AND (\(until)::double precision IS NULL OR t.created_at < \(until))
                  AND (\(query.before)::bigint IS NULL OR t.id < \(query.before))
                  AND NOT EXISTS (
                    SELECT 1 FROM unnest(\(words)::text[]) AS q(word)
                    WHERE NOT (
                      to_tsvector('simple', t.subject) @@ to_tsquery('simple', q.word || ':*')
                      OR t.id IN (SELECT m.ticket_id FROM messages m
                                  WHERE to_tsvector('simple', m.body) @@ to_tsquery('simple', q.word || ':*'))
                      OR coalesce(c.name, '') ILIKE '%' || q.word || '%' OR coalesce(c.email, '') ILIKE '%' || q.word || '%'))
                ORDER BY t.id DESC LIMIT \(limit)
                """, logger: logger)
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

    public func answersCiting(articleID: String, limit: Int) async throws -> [CitingAnswer] {
        let logger = self.logger
        let pattern = "%" + articleID + "%"
        let fetch = limit * 2
        return try await connection { connection in
            var answers: [CitingAnswer] = []
            // The LIKE narrows on the stored citations JSON; decoding them keeps exact matches only.
            for try await (id, subject, status, author, at, citations) in try await connection.query(
                """
                SELECT t.id, t.subject, t.status, m.author, m.created_at, m.citations
                FROM messages m JOIN tickets t ON t.id = m.ticket_id
                WHERE m.author IN ('ai', 'agent') AND m.citations LIKE \(pattern)
                ORDER BY m.id DESC LIMIT \(fetch)
                """, logger: logger
            ).decode((Int64, String, String, String, Double, String).self) {
                let cited: [Citation] = try JSONColumn.decode(citations)
                guard answers.count < limit, cited.contains(where: { $0.articleID == articleID }) else { continue }
                answers.append(
                    CitingAnswer(
                        ticketID: id, subject: subject, status: try Self.enumValue(status),
                        author: try Self.enumValue(author), at: Self.date(at)))
            }
            return answers
        }
    }
}
