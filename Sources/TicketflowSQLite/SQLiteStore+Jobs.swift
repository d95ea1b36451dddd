import Foundation
import GRDB
import TicketflowCore

/// The work queue for one node. Claims run inside a write transaction, and
/// SQLite has a single writer, so two claimers can never lease the same job.
extension SQLiteStore: JobQueue {
    public func enqueue(_ job: NewJob, at now: Date) async throws -> EnqueueResult {
        try await write { db in
            if let key = job.dedupeKey,
               let row = try Row.fetchOne(db, sql: "SELECT * FROM jobs WHERE dedupe_key = ?", arguments: [key])
            {
                return EnqueueResult(job: try Self.job(from: row), created: false)
            }
            let seconds = now.timeIntervalSince1970
            try db.execute(
                sql: """
                    INSERT INTO jobs (kind, payload, ticket_id, dedupe_key, state, attempts, max_attempts, run_at,
                        created_at, updated_at) VALUES (?, ?, ?, ?, 'pending', 0, ?, ?, ?, ?)
                    """,
                arguments: [job.kind, job.payload, job.ticketID, job.dedupeKey, job.maxAttempts,
                            job.runAt.timeIntervalSince1970, seconds, seconds])
            return EnqueueResult(job: try Self.job(db, id: db.lastInsertedRowID)!, created: true)
        }
    }

    public func claimJobs(
        worker: String, kinds: [String], leaseSeconds: Double, limit: Int, at now: Date
    ) async throws -> [Job] {
        guard !kinds.isEmpty, limit > 0 else { return [] }
        return try await write { db in
            let seconds = now.timeIntervalSince1970
            // A job that crashed its worker on every attempt would otherwise be
            // re-leased forever.
            try db.execute(
                sql: """
                    UPDATE jobs SET state = 'dead', lease_owner = NULL, lease_token = NULL,
                        lease_expires_at = NULL, updated_at = ?,
                        last_error = COALESCE(last_error, 'lease expired on every attempt')
                    WHERE state = 'leased' AND lease_expires_at <= ? AND attempts >= max_attempts
                    """,
                arguments: [seconds, seconds])
            let kindList = databaseQuestionMarks(count: kinds.count)
            var arguments = StatementArguments(kinds)
            arguments += [seconds, seconds, limit]
            let ids = try Int64.fetchAll(
                db,
                sql: """
                    SELECT id FROM jobs WHERE kind IN (\(kindList))
                      AND ((state = 'pending' AND run_at <= ?) OR (state = 'leased' AND lease_expires_at <= ?))
                    ORDER BY run_at, id LIMIT ?
                    """,
                arguments: arguments)
            let token = UUID().uuidString
            var jobs: [Job] = []
            for id in ids {
                try db.execute(
                    sql: """
                        UPDATE jobs SET state = 'leased', lease_owner = ?, lease_token = ?, lease_expires_at = ?,
                            attempts = attempts + 1, updated_at = ? WHERE id = ?
                        """,
                    arguments: [worker, token, seconds + leaseSeconds, seconds, id])
                if let job = try Self.job(db, id: id) { jobs.append(job) }
            }
            return jobs
        }
    }

    public func completeJob(id: Int64, leaseToken: String, at now: Date) async throws -> Bool {
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE jobs SET state = 'done', lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL,
                        updated_at = ? WHERE id = ? AND state = 'leased' AND lease_token = ?
                    """,
                arguments: [now.timeIntervalSince1970, id, leaseToken])
            return db.changesCount == 1
        }
    }

    public func releaseJob(id: Int64, leaseToken: String, at now: Date) async throws -> Bool {
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE jobs SET state = 'pending', attempts = MAX(attempts - 1, 0), run_at = ?,
                        lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL, updated_at = ?
                    WHERE id = ? AND state = 'leased' AND lease_token = ?
                    """,
                arguments: [now.timeIntervalSince1970, now.timeIntervalSince1970, id, leaseToken])
            return db.changesCount == 1
        }
    }

    public func failJob(
        id: Int64, leaseToken: String, error: String, retryAt: Date, at now: Date
    ) async throws -> JobState? {
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE jobs SET state = CASE WHEN attempts >= max_attempts THEN 'dead' ELSE 'pending' END,
                        run_at = ?, last_error = ?, lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL,
                        updated_at = ? WHERE id = ? AND state = 'leased' AND lease_token = ?
                    """,
                arguments: [retryAt.timeIntervalSince1970, error, now.timeIntervalSince1970, id, leaseToken])
            guard db.changesCount == 1 else { return nil }
            return try Self.job(db, id: id)?.state
        }
    }

    public func deadLetterJobs(limit: Int) async throws -> [Job] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM jobs WHERE state = 'dead' ORDER BY updated_at DESC, id DESC LIMIT ?",
                arguments: [max(1, limit)]
            ).map(Self.job(from:))
        }
    }

    public func requeueJob(id: Int64, runAt: Date, at now: Date) async throws -> Bool {
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE jobs SET state = 'pending', attempts = 0, run_at = ?, updated_at = ?
                    WHERE id = ? AND state = 'dead'
                    """,
                arguments: [runAt.timeIntervalSince1970, now.timeIntervalSince1970, id])
            return db.changesCount == 1
        }
    }

    public func jobStats() async throws -> [JobState: Int] {
        try await read { db in
            var stats = Dictionary(uniqueKeysWithValues: JobState.allCases.map { ($0, 0) })
            for row in try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM jobs GROUP BY state") {
                let state: JobState = try Self.enumValue(row["state"])
                stats[state] = row["n"]
            }
            return stats
        }
    }

    public func job(id: Int64) async throws -> Job? {
        try await read { db in try Self.job(db, id: id) }
    }

    static func job(_ db: Database, id: Int64) throws -> Job? {
        try Row.fetchOne(db, sql: "SELECT * FROM jobs WHERE id = ?", arguments: [id]).map(Self.job(from:))
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
            return try Int64.fetchOne(db, sql: "SELECT version FROM change_versions WHERE topic = ?", arguments: [topic]) ?? 0
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
