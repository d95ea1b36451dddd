import Foundation
import PostgresNIO
import TicketflowCore

/// Ratings, QA reviews and dashboard facts, shared by every node.
extension PostgresStore: AnalyticsStore {
    /// The ticket row is locked (`FOR UPDATE`) for the transaction, so two
    /// nodes rating the same ticket at once take turns: the second sees the
    /// first's rating. Under READ COMMITTED a bare check-then-insert would let both in.
    public func storeRating(
        ticketID: Int64, score: Int, comment: String?, source: String, at now: Date, onlyIfFirstFromSource onlyFirst: Bool
    ) async throws -> Rating? {
        let logger = self.logger
        return try await transaction { connection in
            guard try await Self.firstValue(connection.query(
                "SELECT id FROM tickets WHERE id = \(ticketID) FOR UPDATE", logger: logger), Int64.self) != nil
            else {
                throw StoreError(.notFound, "no ticket \(ticketID)")
            }
            // The rating is of the latest answer, whoever wrote it.
            guard let author = try await Self.firstValue(connection.query("""
                SELECT author FROM messages WHERE ticket_id = \(ticketID) AND author IN ('ai', 'agent') ORDER BY id DESC LIMIT 1
                """, logger: logger), String.self)
            else {
                throw StoreError(.conflict, "ticket \(ticketID) has no answer to rate yet")
            }
            if onlyFirst, try await Self.firstValue(connection.query(
                "SELECT id FROM ratings WHERE ticket_id = \(ticketID) AND source = \(source) LIMIT 1", logger: logger),
                Int64.self) != nil {
                return nil
            }
            let answeredBy: AnsweredBy = author == "ai" ? .ai : .human
            let id = try await Self.firstValue(connection.query("""
                INSERT INTO ratings (ticket_id, score, comment, answered_by, source, created_at)
                VALUES (\(ticketID), \(score), \(comment), \(answeredBy.rawValue), \(source), \(now.timeIntervalSince1970))
                RETURNING id
                """, logger: logger), Int64.self) ?? 0
            return Rating(id: id, ticketID: ticketID, score: score, comment: comment, answeredBy: answeredBy,
                          source: source, createdAt: now)
        }
    }

    public func ratings(ticketID: Int64) async throws -> [Rating] {
        let logger = self.logger
        return try await connection { connection in
            var ratings: [Rating] = []
            for try await row in try await connection.query(
                "SELECT * FROM ratings WHERE ticket_id = \(ticketID) ORDER BY id", logger: logger)
            {
                let row = row.makeRandomAccess()
                ratings.append(Rating(
                    id: try row["id"].decode(Int64.self), ticketID: try row["ticket_id"].decode(Int64.self),
                    score: try row["score"].decode(Int.self), comment: try row["comment"].decode(String?.self),
                    answeredBy: try Self.enumValue(row["answered_by"].decode(String.self)),
                    source: try row["source"].decode(String.self),
                    createdAt: Self.date(try row["created_at"].decode(Double.self))))
            }
            return ratings
        }
    }

    public func saveQAReview(_ review: QAReview) async throws {
        let logger = self.logger
        let flags = try JSONColumn.encode(review.flags)
        let notes = try JSONColumn.encode(review.notes)
        try await transaction { connection in
            try await connection.query("""
                INSERT INTO qa_reviews (ticket_id, subject, accuracy, completeness, tone, actionability, flags, notes, engine, created_at)
                VALUES (\(review.ticketID), \(review.subject), \(review.accuracy), \(review.completeness), \(review.tone),
                        \(review.actionability), \(flags), \(notes), \(review.engine), \(review.createdAt.timeIntervalSince1970))
                """, logger: logger)
        }
    }

    public func qaReviews(since: Date) async throws -> [QAReview] {
        let logger = self.logger
        return try await connection { connection in
            var reviews: [QAReview] = []
            for try await row in try await connection.query(
                "SELECT * FROM qa_reviews WHERE created_at >= \(since.timeIntervalSince1970) ORDER BY id", logger: logger)
            {
                let row = row.makeRandomAccess()
                reviews.append(QAReview(
                    ticketID: try row["ticket_id"].decode(Int64.self), subject: try row["subject"].decode(String.self),
                    accuracy: try row["accuracy"].decode(Int.self), completeness: try row["completeness"].decode(Int.self),
                    tone: try row["tone"].decode(Int.self), actionability: try row["actionability"].decode(Int.self),
                    flags: try JSONColumn.decode(row["flags"].decode(String.self)),
                    notes: try JSONColumn.decode(row["notes"].decode(String.self)),
                    engine: try row["engine"].decode(String.self),
                    createdAt: Self.date(try row["created_at"].decode(Double.self))))
            }
            return reviews
        }
    }

    public func statusCounts() async throws -> [TicketStatus: Int] {
        let logger = self.logger
        return try await connection { connection in
            var counts = Dictionary(uniqueKeysWithValues: TicketStatus.allCases.map { ($0, 0) })
            let rows = try await connection.query("SELECT status, COUNT(*) FROM tickets GROUP BY status", logger: logger)
            for try await (status, count) in rows.decode((String, Int).self) { counts[try Self.enumValue(status)] = count }
            return counts
        }
    }

    /// The same facts as the SQLite store's query, in PostgreSQL's dialect.
    public func ticketFacts(since: Date) async throws -> [TicketFacts] {
        let logger = self.logger
        let from = since.timeIntervalSince1970
        return try await connection { connection in
            var facts: [TicketFacts] = []
            for try await row in try await connection.query("""
                SELECT t.id, t.created_at, t.first_response_at, t.resolved_at, t.status, t.route, t.category,
                    (SELECT COUNT(*) FROM messages m WHERE m.ticket_id = t.id AND m.author = 'ai') AS ai_messages,
                    (SELECT COUNT(*) FROM messages m WHERE m.ticket_id = t.id AND m.author = 'agent') AS agent_messages,
                    (SELECT COUNT(*) FROM messages m WHERE m.ticket_id = t.id AND m.author = 'customer'
                        AND m.id > (SELECT MIN(r.id) FROM messages r WHERE r.ticket_id = t.id AND r.author IN ('ai', 'agent')))
                        AS customer_after_reply,
                    COALESCE((SELECT SUM(e.duration_ms) FROM trace_entries e WHERE e.ticket_id = t.id), 0)
                        / GREATEST(1, (SELECT COUNT(*) FROM messages m WHERE m.ticket_id = t.id AND m.author = 'customer'))
                        AS pipeline_ms,
                    (SELECT AVG(score)::double precision FROM ratings r WHERE r.ticket_id = t.id AND r.answered_by = 'ai') AS csat_ai,
                    (SELECT AVG(score)::double precision FROM ratings r WHERE r.ticket_id = t.id AND r.answered_by = 'human') AS csat_human,
                    (SELECT q.accuracy >= 8 AND q.flags NOT LIKE '%hallucination%' FROM qa_reviews q
                        WHERE q.ticket_id = t.id AND q.subject = 'ai_answer' ORDER BY q.id DESC LIMIT 1) AS qa_accurate
                FROM tickets t WHERE t.created_at >= \(from) ORDER BY t.id
                """, logger: logger)
            {
                let row = row.makeRandomAccess()
                facts.append(TicketFacts(
                    id: try row["id"].decode(Int64.self), createdAt: Self.date(try row["created_at"].decode(Double.self)),
                    firstResponseAt: try row["first_response_at"].decode(Double?.self).map(Self.date),
                    resolvedAt: try row["resolved_at"].decode(Double?.self).map(Self.date),
                    status: try Self.enumValue(row["status"].decode(String.self)),
                    route: try row["route"].decode(String?.self).map { try Self.enumValue($0) },
                    category: try row["category"].decode(String?.self),
                    aiMessages: try row["ai_messages"].decode(Int.self), agentMessages: try row["agent_messages"].decode(Int.self),
                    customerMessagesAfterReply: try row["customer_after_reply"].decode(Int.self),
                    pipelineMs: try row["pipeline_ms"].decode(Double.self),
                    csatAI: try row["csat_ai"].decode(Double?.self), csatHuman: try row["csat_human"].decode(Double?.self),
                    aiAnswerAccurate: try row["qa_accurate"].decode(Bool?.self)))
            }
            return facts
        }
    }
}
