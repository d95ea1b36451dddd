import Foundation
import PostgresNIO
import TicketflowCore

/// The work queue shared by every node. Claims lock candidate rows with
/// `FOR UPDATE SKIP LOCKED`, so concurrent claimers on different nodes never
/// wait for each other and never lease the same job; a lease token guards
/// every settle, so a node whose lease ran out cannot settle a job that was
/// taken over.
extension PostgresStore: JobQueue {
    public func enqueue(_ job: NewJob, at now: Date) async throws -> EnqueueResult {
        let logger = self.logger
        return try await transaction { connection in
            let seconds = now.timeIntervalSince1970
            if let id = try await Self.firstValue(connection.query(
                """
                INSERT INTO jobs (kind, payload, ticket_id, dedupe_key, state, attempts, max_attempts, run_at,
                    created_at, updated_at)
                VALUES (\(job.kind), \(job.payload), \(job.ticketID), \(job.dedupeKey), 'pending', 0,
                    \(job.maxAttempts), \(job.runAt.timeIntervalSince1970), \(seconds), \(seconds))
                ON CONFLICT (dedupe_key) DO NOTHING
                RETURNING id
                """, logger: logger), Int64.self)
            {
                return EnqueueResult(job: try await Self.job(connection, id: id, logger: logger)!, created: true)
            }
            // ON CONFLICT waited for the other transaction, so its row is visible now.
            guard let key = job.dedupeKey,
                  let row = try await Self.first(connection.query(
                      "SELECT * FROM jobs WHERE dedupe_key = \(key)", logger: logger))
            else {
                throw RaceLost(reason: "a job with the same dedupe key vanished during enqueue")
            }
            return EnqueueResult(job: try Self.job(from: row), created: false)
        }
    }

    public func claimJobs(
        worker: String, kinds: [String], leaseSeconds: Double, limit: Int, at now: Date
    ) async throws -> [Job] {
        guard !kinds.isEmpty, limit > 0 else { return [] }
        let logger = self.logger
        let seconds = now.timeIntervalSince1970
        let token = UUID().uuidString
        return try await transaction { connection in
            // A job that crashed its worker on every attempt would otherwise be
            // re-leased forever.
            try await connection.query(
                """
                UPDATE jobs SET state = 'dead', lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL,
                    updated_at = \(seconds), last_error = COALESCE(last_error, 'lease expired on every attempt')
                WHERE state = 'leased' AND lease_expires_at <= \(seconds) AND attempts >= max_attempts
                  AND kind = ANY(\(kinds))
                """, logger: logger)
            let rows = try await connection.query(
                """
                WITH picked AS (
                    SELECT id FROM jobs
                    WHERE kind = ANY(\(kinds))
                      AND ((state = 'pending' AND run_at <= \(seconds))
                        OR (state = 'leased' AND lease_expires_at <= \(seconds)))
                    ORDER BY run_at, id
                    LIMIT \(limit)
                    FOR UPDATE SKIP LOCKED
                )
                UPDATE jobs SET state = 'leased', lease_owner = \(worker), lease_token = \(token),
                    lease_expires_at = \(seconds + leaseSeconds), attempts = jobs.attempts + 1,
                    updated_at = \(seconds)
                FROM picked WHERE jobs.id = picked.id
                RETURNING jobs.*
                """, logger: logger)
            var jobs: [Job] = []
            for try await row in rows { jobs.append(try Self.job(from: row.makeRandomAccess())) }
            return jobs.sorted { ($0.runAt, $0.id) < ($1.runAt, $1.id) }
        }
    }

    public func completeJob(id: Int64, leaseToken: String, at now: Date) async throws -> Bool {
        let logger = self.logger
        return try await connection { connection in
            try await Self.firstValue(connection.query(
                """
                UPDATE jobs SET state = 'done', lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL,
                    updated_at = \(now.timeIntervalSince1970)
                WHERE id = \(id) AND state = 'leased' AND lease_token = \(leaseToken)
                RETURNING id
                """, logger: logger), Int64.self) != nil
        }
    }

    public func releaseJob(id: Int64, leaseToken: String, at now: Date) async throws -> Bool {
        let logger = self.logger
        let seconds = now.timeIntervalSince1970
        return try await connection { connection in
            try await Self.firstValue(connection.query(
                """
                UPDATE jobs SET state = 'pending', attempts = GREATEST(attempts - 1, 0), run_at = \(seconds),
                    lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL, updated_at = \(seconds)
                WHERE id = \(id) AND state = 'leased' AND lease_token = \(leaseToken)
                RETURNING id
                """, logger: logger), Int64.self) != nil
        }
    }

    public func failJob(
        id: Int64, leaseToken: String, error: String, retryAt: Date, at now: Date
    ) async throws -> JobState? {
        let logger = self.logger
        return try await connection { connection in
            let state = try await Self.firstValue(connection.query(
                """
                UPDATE jobs SET state = CASE WHEN attempts >= max_attempts THEN 'dead' ELSE 'pending' END,
                    run_at = \(retryAt.timeIntervalSince1970), last_error = \(error), lease_owner = NULL,
                    lease_token = NULL, lease_expires_at = NULL, updated_at = \(now.timeIntervalSince1970)
                WHERE id = \(id) AND state = 'leased' AND lease_token = \(leaseToken)
                RETURNING state
                """, logger: logger), String.self)
            return try state.map { try Self.enumValue($0) }
        }
    }

    public func deadLetterJobs(limit: Int) async throws -> [Job] {
        let logger = self.logger
        return try await connection { connection in
            try await Self.all(connection.query(
                "SELECT * FROM jobs WHERE state = 'dead' ORDER BY updated_at DESC, id DESC LIMIT \(max(1, limit))",
                logger: logger), Self.job(from:))
        }
    }

    public func requeueJob(id: Int64, runAt: Date, at now: Date) async throws -> Bool {
        let logger = self.logger
        return try await connection { connection in
            try await Self.firstValue(connection.query(
                """
                UPDATE jobs SET state = 'pending', attempts = 0, run_at = \(runAt.timeIntervalSince1970),
                    updated_at = \(now.timeIntervalSince1970)
                WHERE id = \(id) AND state = 'dead'
                RETURNING id
                """, logger: logger), Int64.self) != nil
        }
    }

    public func jobStats() async throws -> [JobState: Int] {
        let logger = self.logger
        return try await connection { connection in
            var stats = Dictionary(uniqueKeysWithValues: JobState.allCases.map { ($0, 0) })
            let rows = try await connection.query("SELECT state, COUNT(*) FROM jobs GROUP BY state", logger: logger)
            for try await (state, count) in rows.decode((String, Int).self) {
                stats[try Self.enumValue(state) as JobState] = count
            }
            return stats
        }
    }

    public func job(id: Int64) async throws -> Job? {
        let logger = self.logger
        return try await connection { connection in try await Self.job(connection, id: id, logger: logger) }
    }

    static func job(_ connection: PostgresConnection, id: Int64, logger: Logger) async throws -> Job? {
        try await first(connection.query("SELECT * FROM jobs WHERE id = \(id)", logger: logger)).map(job(from:))
    }

    static func job(from row: PostgresRandomAccessRow) throws -> Job {
        Job(
            id: try row["id"].decode(Int64.self), kind: try row["kind"].decode(String.self),
            payload: try row["payload"].decode(String.self), ticketID: try row["ticket_id"].decode(Int64?.self),
            dedupeKey: try row["dedupe_key"].decode(String?.self),
            state: try enumValue(row["state"].decode(String.self)), attempts: try row["attempts"].decode(Int.self),
            maxAttempts: try row["max_attempts"].decode(Int.self), runAt: date(try row["run_at"].decode(Double.self)),
            leaseOwner: try row["lease_owner"].decode(String?.self),
            leaseToken: try row["lease_token"].decode(String?.self),
            leaseExpiresAt: try row["lease_expires_at"].decode(Double?.self).map(date),
            lastError: try row["last_error"].decode(String?.self),
            createdAt: date(try row["created_at"].decode(Double.self)),
            updatedAt: date(try row["updated_at"].decode(Double.self)))
    }
}
