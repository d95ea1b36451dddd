import Foundation
import PostgresNIO
import TicketflowCore

/// Ratings, QA reviews and dashboard facts, shared by every node.
extension PostgresStore: AnalyticsStore {
    /// The ticket row is locked (`FOR UPDATE`) for the transaction, so two
    /// nodes rating the same ticket at once take turns: the second sees the
    /// first's rating. Under READ COMMITTED a bare check-then-insert would let both in.
    public func storeRating(
        ticketID: Int64, score: Int, comment: String?, source: String, at now: Date,
        onlyIfFirstFromSource onlyFirst: Bool
    ) async throws -> Rating? {
        let logger = self.logger
        return try await transaction { connection in
            guard
                try await Self.firstValue(
                    connection.query(
                        "SELECT id FROM tickets WHERE id = \(ticketID) FOR UPDATE", logger: logger), Int64.self) != nil
            else {
                throw StoreError.noTicket(ticketID)
            }
            // The rating is of the latest answer, whoever wrote it.
            guard
                let author = try await Self.firstValue(
                    connection.query(
                        """
                        SELECT author FROM messages WHERE ticket_id = \(ticketID) AND author IN ('ai', 'agent') ORDER BY id DESC LIMIT 1
                        """, logger: logger), String.self)
            else {
                throw Refusal.nothingToRate(ticketID)
            }
            if onlyFirst,
                try await Self.firstValue(
                    connection.query(
                        "SELECT id FROM ratings WHERE ticket_id = \(ticketID) AND source = \(source) LIMIT 1",
                        logger: logger),
                    Int64.self) != nil
            {
                return nil
            }
            let answeredBy = AnsweredBy(latestAnswerAuthor: author)
            let id =
                try await Self.firstValue(
                    connection.query(
                        """
                        INSERT INTO ratings (ticket_id, score, comment, answered_by, source, created_at)
                        VALUES (\(ticketID), \(score), \(comment), \(answeredBy.rawValue), \(source), \(now.timeIntervalSince1970))
                        RETURNING id
                        """, logger: logger), Int64.self) ?? 0
            return Rating(
                id: id, ticketID: ticketID, score: score, comment: comment, answeredBy: answeredBy,
                source: source, createdAt: now)
        }
    }

    public func ratings(ticketID: Int64) async throws -> [Rating] {
        let logger = self.logger
        return try await connection { connection in
            var ratings: [Rating] = []
            for try await (id, ticket, score, comment, answeredBy, source, createdAt) in try await connection.query(
                """
                SELECT id, ticket_id, score, comment, answered_by, source, created_at
                FROM ratings WHERE ticket_id = \(ticketID) ORDER BY id
                """, logger: logger
            ).decode((Int64, Int64, Int, String?, String, String, Double).self) {
                ratings.append(
                    Rating(
                        id: id, ticketID: ticket, score: score, comment: comment,
                        answeredBy: try Self.enumValue(answeredBy),
                        source: source, createdAt: Self.date(createdAt)))
            }
            return ratings
        }
    }

    public func saveQAReview(_ review: QAReview) async throws {
        let logger = self.logger
        let flags = try JSONColumn.encode(review.flags)
        let notes = try JSONColumn.encode(review.notes)
        try await transaction { connection in
            try await connection.query(
                """
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
            for try await (
                ticket, subject, accuracy, completeness, tone, actionability, flags, notes, engine, createdAt
            )
                in try await connection.query(
                    """
                    SELECT ticket_id, subject, accuracy, completeness, tone, actionability, flags, notes, engine, created_at
                    FROM qa_reviews WHERE created_at >= \(since.timeIntervalSince1970) ORDER BY id
                    """, logger: logger
                ).decode((Int64, String, Int, Int, Int, Int, String, String, String, Double).self)
            {
                reviews.append(
                    QAReview(
                        ticketID: ticket, subject: subject, accuracy: accuracy, completeness: completeness, tone: tone,
                        actionability: actionability, flags: try JSONColumn.decode(flags),
                        notes: try JSONColumn.decode(notes),
                        engine: engine, createdAt: Self.date(createdAt)))
            }
            return reviews
        }
    }

    public func statusCounts() async throws -> [TicketStatus: Int] {
        let logger = self.logger
        return try await connection { connection in
            var counts = Dictionary(uniqueKeysWithValues: TicketStatus.allCases.map { ($0, 0) })
            let rows = try await connection.query(
                "SELECT status, COUNT(*) FROM tickets GROUP BY status", logger: logger)
            for try await (status, count) in rows.decode((String, Int).self) {
                counts[try Self.enumValue(status)] = count
            }
            return counts
        }
    }

    /// The same facts as the SQLite store's query, in PostgreSQL's dialect.
    public func heldQuestions(reason: String, since: Date, limit: Int) async throws -> [HeldQuestion] {
        let logger = self.logger
        let from = since.timeIntervalSince1970
        let pattern = "%" + reason + "%"
        return try await connection { connection in
            var questions: [HeldQuestion] = []
            // Hold reasons are fixed identifiers in the answering trace's `reasons` detail.
            for try await (id, subject, body) in try await connection.query(
                """
                SELECT t.id, t.subject, (SELECT body FROM messages m WHERE m.ticket_id = t.id AND m.author = 'customer'
                                         ORDER BY m.id LIMIT 1)
                FROM tickets t
                WHERE t.created_at >= \(from) AND t.id IN (
                    SELECT ticket_id FROM trace_entries WHERE stage = 'answering' AND details LIKE \(pattern))
                ORDER BY t.id DESC LIMIT \(limit)
                """, logger: logger
            ).decode((Int64, String, String?).self) {
                questions.append(HeldQuestion(ticketID: id, subject: subject, body: body ?? ""))
            }
            return questions
        }
    }

    public func ticketFacts(since: Date) async throws -> [TicketFacts] {
        let logger = self.logger
        let from = since.timeIntervalSince1970
        return try await connection { connection in
            var facts: [TicketFacts] = []
            for try await (
                id, createdAt, firstResponse, resolved, status, route, category, assignee, aiMessages, agentMessages,
                afterReply, pipelineMs, csatAI, csatHuman, accurate, cacheHits
            ) in try await connection.query(
                """
                SELECT t.id, t.created_at, t.first_response_at, t.resolved_at, t.status, t.route, t.category, t.assignee,
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
                        WHERE q.ticket_id = t.id AND q.subject = 'ai_answer' ORDER BY q.id DESC LIMIT 1) AS qa_accurate,
                    (SELECT COUNT(*) FROM trace_entries e WHERE e.ticket_id = t.id AND e.stage = 'answering'
                        AND e.engine = 'answer-cache') AS cache_hits
                FROM tickets t WHERE t.created_at >= \(from) ORDER BY t.id
                """, logger: logger
            ).decode(
                (
                    Int64, Double, Double?, Double?, String, String?, String?, String?, Int, Int, Int, Double, Double?,
                    Double?, Bool?, Int
                ).self)
            {
                facts.append(
                    TicketFacts(
                        id: id, createdAt: Self.date(createdAt), firstResponseAt: firstResponse.map(Self.date),
                        resolvedAt: resolved.map(Self.date), status: try Self.enumValue(status),
                        route: try route.map { try Self.enumValue($0) }, category: category, aiMessages: aiMessages,
                        agentMessages: agentMessages, customerMessagesAfterReply: afterReply, pipelineMs: pipelineMs,
                        csatAI: csatAI, csatHuman: csatHuman, aiAnswerAccurate: accurate, answerCacheHits: cacheHits,
                        assignee: assignee))
            }
            return facts
        }
    }
}
