import Foundation
import GRDB
import TicketflowCore

extension SQLiteStore: InboxStore {
    public func inboxEntries(_ query: InboxQuery, limit: Int) async throws -> [InboxEntry] {
        try await read { db in
            var conditions: [String] = []
            // The preview length comes first: it is the first placeholder, in the select list.
            var arguments: StatementArguments = [InboxEntry.previewLength]
            if let statuses = query.statuses {
                conditions.append(Self.membership("t.status", statuses.map(\.rawValue), &arguments))
            }
            if let route = query.route { conditions.append("t.route = ?"); arguments += [route.rawValue] }
            if let category = query.category { conditions.append("t.category = ?"); arguments += [category] }
            if let channel = query.channel { conditions.append("t.channel = ?"); arguments += [channel.rawValue] }
            if let customer = query.customerID { conditions.append("t.customer_id = ?"); arguments += [customer] }
            if let tag = query.tag {
                conditions.append("EXISTS (SELECT 1 FROM json_each(t.tags) WHERE value = ?)"); arguments += [tag]
            }
            if let held = Self.assigneeCondition(query.assignee, column: "t.assignee", &arguments) {
                conditions.append(held)
            }
            if let from = query.createdFrom {
                conditions.append("t.created_at >= ?"); arguments += [from.timeIntervalSince1970]
            }
            if let before = query.createdBefore {
                conditions.append("t.created_at < ?"); arguments += [before.timeIntervalSince1970]
            }
            if let before = query.before { conditions.append("t.id < ?"); arguments += [before] }
            for word in query.terms {
                // Each word somewhere: the subject, any message, the customer. A word is letters and digits
                // only (SearchTerms), quoted, so it is a prefix query and never FTS5 syntax.
                conditions.append(
                    """
                    (t.id IN (SELECT rowid FROM subject_search WHERE subject_search MATCH ?)
                     OR t.id IN (SELECT m.ticket_id FROM messages m
                                 WHERE m.id IN (SELECT rowid FROM message_search WHERE message_search MATCH ?))
                     OR c.name LIKE ? OR c.email LIKE ?)
                    """)
                arguments += ["\"\(word)\"*", "\"\(word)\"*", "%\(word)%", "%\(word)%"]
            }
            arguments += [limit]
            let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            // Only fixed predicates are joined here; every value is a bound argument.
            let sql = """
                SELECT t.*, c.name AS customer_name, c.email AS customer_email,
                       last.created_at AS last_customer_at, substr(last.body, 1, ?) AS preview
                FROM tickets t
                LEFT JOIN customers c ON c.id = t.customer_id
                LEFT JOIN messages last ON last.id = (
                    SELECT id FROM messages WHERE ticket_id = t.id AND author = 'customer' ORDER BY id DESC LIMIT 1)
                \(filter)
                ORDER BY t.id DESC LIMIT ?
                """
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                InboxEntry(
                    ticket: try Self.ticket(from: row), customerName: row["customer_name"],
                    customerEmail: row["customer_email"],
                    lastCustomerMessageAt: (row["last_customer_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
                    preview: row["preview"])
            }
        }
    }

    public func answers(withCitationsContaining text: String, limit: Int) async throws -> [CitingAnswer] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT t.id, t.subject, t.status, m.author, m.created_at, m.citations
                    FROM messages m JOIN tickets t ON t.id = m.ticket_id
                    WHERE m.author IN ('ai', 'agent') AND instr(m.citations, ?) > 0
                    ORDER BY m.id DESC LIMIT ?
                    """, arguments: [text, limit]
            ).map { row in
                var answer = CitingAnswer(
                    ticketID: row["id"], subject: row["subject"], status: try Self.enumValue(row["status"]),
                    author: try Self.enumValue(row["author"]), at: Self.date(row["created_at"]))
                answer.citedArticleIDs = try (JSONColumn.decode(row["citations"]) as [Citation]).map(\.articleID)
                return answer
            }
        }
    }
}
