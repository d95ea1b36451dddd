import Foundation
import PostgresNIO
import TicketflowCore

/// The work queue's SQL for every node sharing the database; the queue's rules
/// are `JobRules`, run by `JobQueueStorage`. Claims lock candidate rows with
/// `FOR UPDATE SKIP LOCKED`, so concurrent claimers on different nodes never
/// wait for each other and never lease the same job; a lease token guards
/// every settle, so a node whose lease ran out cannot settle a job that was
/// taken over.
extension PostgresStore: JobQueueStorage {
    static let jobColumns = """
        id, kind, payload, ticket_id, dedupe_key, state, attempts, max_attempts, run_at, lease_owner, lease_token,
        lease_expires_at, last_error, created_at, updated_at
        """

    /// `jobColumns` as decoded.
    typealias JobRow = (
        Int64, String, String, Int64?, String?, String, Int, Int, Double, String?, String?, Double?, String?,
        Double, Double
    )

    public func insertJob(_ job: NewJob, at now: Date) async throws -> Job? {
        let logger = self.logger
        return try await transaction { connection in try await Self.insertJob(connection, job, at: now, logger: logger)
        }
    }

    /// Inserts a job inside the caller's transaction (the outbox writes one with its message).
    static func insertJob(
        _ connection: PostgresConnection, _ job: NewJob, at now: Date, logger: Logger
    ) async throws
        -> Job?
    {
        let seconds = now.timeIntervalSince1970
        return try await jobs(
            connection.query(
                """
                INSERT INTO jobs (kind, payload, ticket_id, dedupe_key, state, attempts, max_attempts, run_at,
                    created_at, updated_at)
                VALUES (\(job.kind), \(job.payload), \(job.ticketID), \(job.dedupeKey), 'pending', 0,
                    \(job.maxAttempts), \(job.runAt.timeIntervalSince1970), \(seconds), \(seconds))
                ON CONFLICT (dedupe_key) DO NOTHING
                RETURNING \(unescaped: jobColumns)
                """, logger: logger)
        ).first
    }

    public func job(dedupeKey: String) async throws -> Job? {
        let logger = self.logger
        return try await connection { connection in
            try await Self.jobs(
                connection.query(
                    "SELECT \(unescaped: Self.jobColumns) FROM jobs WHERE dedupe_key = \(dedupeKey)", logger: logger)
            ).first
        }
    }

    public func runClaim(_ claim: JobRules.Claim) async throws -> [Job] {
        let logger = self.logger
        let now = claim.now.timeIntervalSince1970
        return try await transaction { connection in
            try await connection.query(
                """
                UPDATE jobs SET state = 'dead', lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL,
                    updated_at = \(now), last_error = COALESCE(last_error, \(claim.exhaustedLeaseError))
                WHERE state = 'leased' AND lease_expires_at <= \(now) AND attempts >= max_attempts
                  AND kind = ANY(\(claim.kinds))
                """, logger: logger)
            return try await Self.jobs(
                connection.query(
                    """
                    WITH picked AS (
                        SELECT id FROM jobs
                        WHERE kind = ANY(\(claim.kinds))
                          AND ((state = 'pending' AND run_at <= \(now))
                            OR (state = 'leased' AND lease_expires_at <= \(now) AND attempts < max_attempts))
                        ORDER BY run_at, id
                        LIMIT \(claim.limit)
                        FOR UPDATE SKIP LOCKED
                    )
                    UPDATE jobs SET state = 'leased', lease_owner = \(claim.worker), lease_token = \(claim.token),
                        lease_expires_at = \(claim.leaseExpiresAt.timeIntervalSince1970), attempts = attempts + 1,
                        updated_at = \(now)
                    WHERE id IN (SELECT id FROM picked)
                    RETURNING \(unescaped: Self.jobColumns)
                    """, logger: logger))
        }
    }

    public func apply(_ transition: JobRules.Transition, toJob id: Int64, at now: Date) async throws -> Bool {
        let logger = self.logger
        return try await connection { connection in
            try await Self.firstValue(
                connection.query(
                    """
                    UPDATE jobs SET state = \(transition.to.rawValue),
                        run_at = COALESCE(\(transition.runAt?.timeIntervalSince1970), run_at),
                        attempts = COALESCE(\(transition.attempts), attempts),
                        last_error = COALESCE(\(transition.lastError), last_error), lease_owner = NULL,
                        lease_token = NULL, lease_expires_at = NULL, updated_at = \(now.timeIntervalSince1970)
                    WHERE id = \(id) AND state = \(transition.from.rawValue)
                      AND lease_token IS NOT DISTINCT FROM \(transition.leaseToken)
                    RETURNING id
                    """, logger: logger), Int64.self) != nil
        }
    }

    public func jobs(in state: JobState, newestFirst limit: Int) async throws -> [Job] {
        let logger = self.logger
        return try await connection { connection in
            try await Self.jobs(
                connection.query(
                    """
                    SELECT \(unescaped: Self.jobColumns) FROM jobs WHERE state = \(state.rawValue)
                    ORDER BY updated_at DESC, id DESC LIMIT \(limit)
                    """, logger: logger))
        }
    }

    public func jobCounts() async throws -> [JobState: Int] {
        let logger = self.logger
        return try await connection { connection in
            var counts: [JobState: Int] = [:]
            let rows = try await connection.query("SELECT state, COUNT(*) FROM jobs GROUP BY state", logger: logger)
            for try await (state, count) in rows.decode((String, Int).self) {
                counts[try Self.enumValue(state) as JobState] = count
            }
            return counts
        }
    }

    public func deleteJobs(in state: JobState, updatedBefore cutoff: Date, limit: Int) async throws -> Int {
        let logger = self.logger
        return try await connection { connection in
            var deleted = 0
            let rows = try await connection.query(
                """
                DELETE FROM jobs WHERE id IN (
                    SELECT id FROM jobs WHERE state = \(state.rawValue)
                      AND updated_at < \(cutoff.timeIntervalSince1970) ORDER BY id LIMIT \(limit))
                RETURNING id
                """, logger: logger)
            for try await _ in rows.decode(Int64.self) { deleted += 1 }
            return deleted
        }
    }

    public func job(id: Int64) async throws -> Job? {
        let logger = self.logger
        return try await connection { connection in
            try await Self.jobs(
                connection.query(
                    "SELECT \(unescaped: Self.jobColumns) FROM jobs WHERE id = \(id)", logger: logger)
            ).first
        }
    }

    static func jobs(_ rows: PostgresRowSequence) async throws -> [Job] {
        var jobs: [Job] = []
        for try await row in rows.decode(JobRow.self) { jobs.append(try job(from: row)) }
        return jobs
    }

    static func job(from row: JobRow) throws -> Job {
        let (
            id, kind, payload, ticketID, dedupeKey, state, attempts, maxAttempts, runAt, leaseOwner, leaseToken,
            leaseExpiresAt, lastError, createdAt, updatedAt
        ) = row
        return Job(
            id: id, kind: kind, payload: payload, ticketID: ticketID, dedupeKey: dedupeKey, state: try enumValue(state),
            attempts: attempts, maxAttempts: maxAttempts, runAt: date(runAt), leaseOwner: leaseOwner,
            leaseToken: leaseToken, leaseExpiresAt: leaseExpiresAt.map(date), lastError: lastError,
            createdAt: date(createdAt), updatedAt: date(updatedAt))
    }
}
