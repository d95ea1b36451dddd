import Foundation
import GRDB
import TicketflowCore

extension SQLiteStore: AnalyticsStore {
    /// One write transaction, and SQLite has one writer: the check for an
    /// earlier rating and the insert cannot interleave with another's.
    public func storeRating(
        ticketID: Int64, score: Int, comment: String?, source: String, at now: Date,
        onlyIfFirstFromSource onlyFirst: Bool
    ) async throws -> Rating? {
        try await write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM tickets WHERE id = ?", arguments: [ticketID]) != nil else {
                throw StoreError.noTicket(ticketID)
            }
            // The rating is of the latest answer, whoever wrote it.
            guard
                let author = try String.fetchOne(
                    db,
                    sql: """
                        SELECT author FROM messages WHERE ticket_id = ? AND author IN ('ai', 'agent') ORDER BY id DESC LIMIT 1
                        """, arguments: [ticketID])
            else {
                throw Refusal.nothingToRate(ticketID)
            }
            if onlyFirst,
                try Bool.fetchOne(
                    db, sql: "SELECT 1 FROM ratings WHERE ticket_id = ? AND source = ?",
                    arguments: [ticketID, source]) != nil
            {
                return nil
            }
            let answeredBy = AnsweredBy(latestAnswerAuthor: author)
            try db.execute(
                sql:
                    "INSERT INTO ratings (ticket_id, score, comment, answered_by, source, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [ticketID, score, comment, answeredBy.rawValue, source, now.timeIntervalSince1970])
            return Rating(
                id: db.lastInsertedRowID, ticketID: ticketID, score: score, comment: comment,
                answeredBy: answeredBy, source: source, createdAt: now)
        }
    }

    public func ratings(ticketID: Int64) async throws -> [Rating] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM ratings WHERE ticket_id = ? ORDER BY id", arguments: [ticketID])
                .map { row in
                    Rating(
                        id: row["id"], ticketID: row["ticket_id"], score: row["score"], comment: row["comment"],
                        answeredBy: try Self.enumValue(row["answered_by"]), source: row["source"],
                        createdAt: Self.date(row["created_at"]))
                }
        }
    }

    public func saveQAReview(_ review: QAReview) async throws {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO qa_reviews (ticket_id, subject, accuracy, completeness, tone, actionability, flags, notes, engine, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    review.ticketID, review.subject, review.accuracy, review.completeness, review.tone,
                    review.actionability, try JSONColumn.encode(review.flags), try JSONColumn.encode(review.notes),
                    review.engine, review.createdAt.timeIntervalSince1970,
                ])
        }
    }

    public func qaReviews(since: Date) async throws -> [QAReview] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM qa_reviews WHERE created_at >= ? ORDER BY id",
                arguments: [since.timeIntervalSince1970]
            ).map { row in
                QAReview(
                    ticketID: row["ticket_id"], subject: row["subject"], accuracy: row["accuracy"],
                    completeness: row["completeness"], tone: row["tone"], actionability: row["actionability"],
                    flags: try JSONColumn.decode(row["flags"]), notes: try JSONColumn.decode(row["notes"]),
                    engine: row["engine"], createdAt: Self.date(row["created_at"]))
            }
        }
    }

    public func ticketFacts(since: Date) async throws -> [TicketFacts] {
        try await read { db in
            try Row.fetchAll(db, sql: Self.ticketFactsSQL, arguments: [since.timeIntervalSince1970]).map { row in
                TicketFacts(
                    id: row["id"], createdAt: Self.date(row["created_at"]),
                    firstResponseAt: (row["first_response_at"] as Double?).map(Self.date),
                    resolvedAt: (row["resolved_at"] as Double?).map(Self.date),
                    status: try Self.enumValue(row["status"]),
                    route: try (row["route"] as String?).map { try Self.enumValue($0) },
                    category: row["category"], aiMessages: row["ai_messages"], agentMessages: row["agent_messages"],
                    customerMessagesAfterReply: row["customer_after_reply"], pipelineMs: row["pipeline_ms"] ?? 0,
                    csatAI: row["csat_ai"], csatHuman: row["csat_human"],
                    aiAnswerAccurate: (row["qa_accurate"] as Int?).map { $0 == 1 }, answerCacheHits: row["cache_hits"],
                    assignee: row["assignee"])
            }
        }
    }

    public func heldQuestions(reason: String, since: Date, limit: Int) async throws -> [HeldQuestion] {
        try await read { db in
            // Hold reasons are fixed identifiers in the answering trace's `reasons` detail.
            try Row.fetchAll(
                db,
                sql: """
                    SELECT t.id, t.subject, (SELECT body FROM messages m WHERE m.ticket_id = t.id AND m.author = 'customer'
                                             ORDER BY m.id LIMIT 1) AS body
                    FROM tickets t
                    WHERE t.created_at >= ? AND t.id IN (
                        SELECT ticket_id FROM trace_entries WHERE stage = 'answering' AND details LIKE ?)
                    ORDER BY t.id DESC LIMIT ?
                    """, arguments: [since.timeIntervalSince1970, "%" + reason + "%", limit]
            ).map { HeldQuestion(ticketID: $0["id"], subject: $0["subject"], body: $0["body"] ?? "") }
        }
    }

    public func statusCounts() async throws -> [TicketStatus: Int] {
        try await read { db in
            var counts = Dictionary(uniqueKeysWithValues: TicketStatus.allCases.map { ($0, 0) })
            for row in try Row.fetchAll(db, sql: "SELECT status, COUNT(*) AS n FROM tickets GROUP BY status") {
                counts[try Self.enumValue(row["status"])] = row["n"]
            }
            return counts
        }
    }

    /// One row per ticket. Pipeline time is per customer message (each one runs
    /// the pipeline once); the QA verdict is the latest review's.
    static let ticketFactsSQL = """
        SELECT t.id, t.created_at, t.first_response_at, t.resolved_at, t.status, t.route, t.category, t.assignee,
            (SELECT COUNT(*) FROM messages m WHERE m.ticket_id = t.id AND m.author = 'ai') AS ai_messages,
            (SELECT COUNT(*) FROM messages m WHERE m.ticket_id = t.id AND m.author = 'agent') AS agent_messages,
            (SELECT COUNT(*) FROM messages m WHERE m.ticket_id = t.id AND m.author = 'customer'
                AND m.id > (SELECT MIN(r.id) FROM messages r WHERE r.ticket_id = t.id AND r.author IN ('ai', 'agent')))
                AS customer_after_reply,
            (SELECT SUM(e.duration_ms) FROM trace_entries e WHERE e.ticket_id = t.id)
                / MAX(1, (SELECT COUNT(*) FROM messages m WHERE m.ticket_id = t.id AND m.author = 'customer')) AS pipeline_ms,
            (SELECT AVG(score) FROM ratings r WHERE r.ticket_id = t.id AND r.answered_by = 'ai') AS csat_ai,
            (SELECT AVG(score) FROM ratings r WHERE r.ticket_id = t.id AND r.answered_by = 'human') AS csat_human,
            (SELECT CASE WHEN q.accuracy >= 8 AND q.flags NOT LIKE '%hallucination%' THEN 1 ELSE 0 END
                FROM qa_reviews q WHERE q.ticket_id = t.id AND q.subject = 'ai_answer' ORDER BY q.id DESC LIMIT 1) AS qa_accurate,
            (SELECT COUNT(*) FROM trace_entries e WHERE e.ticket_id = t.id AND e.stage = 'answering'
                AND e.engine = 'answer-cache') AS cache_hits
        FROM tickets t WHERE t.created_at >= ? ORDER BY t.id
        """
}
