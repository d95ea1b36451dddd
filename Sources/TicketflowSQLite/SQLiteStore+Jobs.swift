import Foundation
import GRDB
import TicketflowCore

/// The work queue's SQL for one node; the queue's rules are `JobRules`, run by
/// `JobQueueStorage`. Claims run inside a write transaction, and SQLite has a
/// single writer, so two claimers can never lease the same job.
extension SQLiteStore: JobQueueStorage {
    static let jobColumns = """
        id, kind, payload, ticket_id, dedupe_key, state, attempts, max_attempts, run_at, lease_owner, lease_token,
        lease_expires_at, last_error, created_at, updated_at
        """

    public func insertJob(_ job: NewJob, at now: Date) async throws -> Job? {
        try await write { db in try Self.insertJob(db, job, at: now) }
    }

    /// Inserts a job inside the caller's transaction (the outbox writes one with its message).
    static func insertJob(_ db: Database, _ job: NewJob, at now: Date) throws -> Job? {
        let seconds = now.timeIntervalSince1970
        return try Row.fetchOne(
            db.cachedStatement(
                sql: """
                    INSERT INTO jobs (kind, payload, ticket_id, dedupe_key, state, attempts, max_attempts, run_at,
                        created_at, updated_at) VALUES (?, ?, ?, ?, 'pending', 0, ?, ?, ?, ?)
                    ON CONFLICT (dedupe_key) DO NOTHING RETURNING \(Self.jobColumns)
                    """),
            arguments: [
                job.kind, job.payload, job.ticketID, job.dedupeKey, job.maxAttempts,
                job.runAt.timeIntervalSince1970, seconds, seconds,
            ]
        ).map(Self.job(from:))
    }

    public func job(dedupeKey: String) async throws -> Job? {
        try await read { db in
            try Row.fetchOne(
                db, sql: "SELECT \(Self.jobColumns) FROM jobs WHERE dedupe_key = ?", arguments: [dedupeKey]
            ).map(Self.job(from:))
        }
    }

    public func runClaim(_ claim: JobRules.Claim) async throws -> [Job] {
        let now = claim.now.timeIntervalSince1970
        let kinds = databaseQuestionMarks(count: claim.kinds.count)
        return try await write { db in
            var arguments: StatementArguments = [now, claim.exhaustedLeaseError, now]
            arguments += StatementArguments(claim.kinds)
            try db.execute(
                sql: """
                    UPDATE jobs SET state = 'dead', lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL,
                        updated_at = ?, last_error = COALESCE(last_error, ?)
                    WHERE state = 'leased' AND lease_expires_at <= ? AND attempts >= max_attempts
                      AND kind IN (\(kinds))
                    """,
                arguments: arguments)
            arguments = [claim.worker, claim.token, claim.leaseExpiresAt.timeIntervalSince1970, now]
            arguments += StatementArguments(claim.kinds)
            arguments += [now, now, claim.limit]
            return try Row.fetchAll(
                db,
                sql: """
                    UPDATE jobs SET state = 'leased', lease_owner = ?, lease_token = ?, lease_expires_at = ?,
                        attempts = attempts + 1, updated_at = ?
                    WHERE id IN (
                        SELECT id FROM jobs WHERE kind IN (\(kinds))
                          AND ((state = 'pending' AND run_at <= ?)
                            OR (state = 'leased' AND lease_expires_at <= ? AND attempts < max_attempts))
                        ORDER BY run_at, id LIMIT ?)
                    RETURNING \(Self.jobColumns)
                    """,
                arguments: arguments
            ).map(Self.job(from:))
        }
    }

    public func apply(_ transition: JobRules.Transition, toJob id: Int64, at now: Date) async throws -> Bool {
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE jobs SET state = ?, run_at = COALESCE(?, run_at), attempts = COALESCE(?, attempts),
                        last_error = COALESCE(?, last_error), lease_owner = NULL, lease_token = NULL,
                        lease_expires_at = NULL, updated_at = ?
                    WHERE id = ? AND state = ? AND lease_token IS ?
                    """,
                arguments: [
                    transition.to.rawValue, transition.runAt?.timeIntervalSince1970, transition.attempts,
                    transition.lastError, now.timeIntervalSince1970, id, transition.from.rawValue,
                    transition.leaseToken,
                ])
            return db.changesCount == 1
        }
    }

    public func jobs(in state: JobState, newestFirst limit: Int) async throws -> [Job] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT \(Self.jobColumns) FROM jobs WHERE state = ? ORDER BY updated_at DESC, id DESC LIMIT ?",
                arguments: [state.rawValue, limit]
            ).map(Self.job(from:))
        }
    }

    public func jobCounts() async throws -> [JobState: Int] {
        try await read { db in
            var counts: [JobState: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM jobs GROUP BY state") {
                counts[try Self.enumValue(row["state"]) as JobState] = row["n"]
            }
            return counts
        }
    }

    public func deleteJobs(in state: JobState, updatedBefore cutoff: Date, limit: Int) async throws -> Int {
        try await write { db in
            try db.execute(
                sql: """
                    DELETE FROM jobs WHERE id IN (
                        SELECT id FROM jobs WHERE state = ? AND updated_at < ? ORDER BY id LIMIT ?)
                    """,
                arguments: [state.rawValue, cutoff.timeIntervalSince1970, limit])
            return db.changesCount
        }
    }

    public func job(id: Int64) async throws -> Job? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.jobColumns) FROM jobs WHERE id = ?", arguments: [id])
                .map(Self.job(from:))
        }
    }

    static func job(from row: Row) throws -> Job {
        Job(
            id: row["id"], kind: row["kind"], payload: row["payload"], ticketID: row["ticket_id"],
            dedupeKey: row["dedupe_key"], state: try enumValue(row["state"]), attempts: row["attempts"],
            maxAttempts: row["max_attempts"], runAt: date(row["run_at"]), leaseOwner: row["lease_owner"],
            leaseToken: row["lease_token"], leaseExpiresAt: (row["lease_expires_at"] as Double?).map(date),
            lastError: row["last_error"], createdAt: date(row["created_at"]), updatedAt: date(row["updated_at"]))
    }
}

/// Change versions live next to the queue: both are how nodes sharing a
/// store coordinate (on SQLite, processes sharing one file).
extension SQLiteStore: ChangeFeed {
    public func bumpVersion(of topic: String, at now: Date) async throws -> Int64 {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO change_versions (topic, version, updated_at) VALUES (?, 1, ?)
                    ON CONFLICT (topic) DO UPDATE SET version = version + 1, updated_at = excluded.updated_at
                    """,
                arguments: [topic, now.timeIntervalSince1970])
            return try Int64.fetchOne(
                db, sql: "SELECT version FROM change_versions WHERE topic = ?", arguments: [topic]) ?? 0
        }
    }

    public func changeVersions() async throws -> [String: Int64] {
        try await read { db in
            var versions: [String: Int64] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT topic, version FROM change_versions") {
                versions[row["topic"]] = row["version"]
            }
            return versions
        }
    }
}
