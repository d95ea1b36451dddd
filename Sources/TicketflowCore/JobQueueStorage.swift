import Foundation

/// The narrow store primitives under the work queue, one SQL statement (or one
/// short transaction) per dialect each. A store that provides them gets every
/// `JobQueue` method from the extension below, so the queue's rules
/// (`JobRules`) are written once for SQLite and PostgreSQL alike.
public protocol JobQueueStorage: JobQueue {
    /// Stores `job` as pending with no attempts, or returns nil when its dedupe key is taken.
    func insertJob(_ job: NewJob, at now: Date) async throws -> Job?

    /// The job holding `dedupeKey`, or nil.
    func job(dedupeKey: String) async throws -> Job?

    /// Runs `claim` in one transaction (see `JobRules.Claim`) and returns the leased jobs, in any order.
    func runClaim(_ claim: JobRules.Claim) async throws -> [Job]

    /// Applies `transition` to job `id` if it is still where the transition starts; false otherwise.
    func apply(_ transition: JobRules.Transition, toJob id: Int64, at now: Date) async throws -> Bool

    /// Up to `limit` jobs in `state`, most recently updated first (then highest id).
    func jobs(in state: JobState, newestFirst limit: Int) async throws -> [Job]

    /// Number of jobs per state; states without jobs may be missing.
    func jobCounts() async throws -> [JobState: Int]
}

extension JobQueueStorage {
    public func enqueue(_ job: NewJob, at now: Date) async throws -> EnqueueResult {
        // The insert is refused only for a taken dedupe key, and jobs are never deleted, so the
        // lookup finds the holder; a retry covers a holder whose transaction rolled back meanwhile.
        for _ in 0..<3 {
            if let stored = try await insertJob(job, at: now) { return EnqueueResult(job: stored, created: true) }
            if let key = job.dedupeKey, let existing = try await self.job(dedupeKey: key) {
                return EnqueueResult(job: existing, created: false)
            }
        }
        throw StoreError(.conflict, JobRules.vanishedDedupeError)
    }

    public func claimJobs(
        worker: String, kinds: [String], leaseSeconds: Double, limit: Int, at now: Date
    ) async throws -> [Job] {
        guard
            let claim = JobRules.claim(
                worker: worker, kinds: kinds, leaseSeconds: leaseSeconds, limit: limit, at: now)
        else { return [] }
        return try await runClaim(claim).sorted(by: JobRules.isClaimedBefore)
    }

    public func completeJob(id: Int64, leaseToken: String, at now: Date) async throws -> Bool {
        try await apply(JobRules.completion(leaseToken: leaseToken), toJob: id, at: now)
    }

    public func releaseJob(id: Int64, leaseToken: String, at now: Date) async throws -> Bool {
        // The attempt count cannot change while the token is held, so the guarded write settles the race.
        guard let job = try await job(id: id), job.state == .leased, job.leaseToken == leaseToken else { return false }
        return try await apply(JobRules.release(of: job, leaseToken: leaseToken, at: now), toJob: id, at: now)
    }

    public func failJob(
        id: Int64, leaseToken: String, error: String, retryAt: Date, at now: Date
    ) async throws -> JobState? {
        guard let job = try await job(id: id), job.state == .leased, job.leaseToken == leaseToken else { return nil }
        let transition = JobRules.failure(of: job, leaseToken: leaseToken, error: error, retryAt: retryAt)
        return try await apply(transition, toJob: id, at: now) ? transition.to : nil
    }

    public func deadLetterJobs(limit: Int) async throws -> [Job] {
        try await jobs(in: .dead, newestFirst: max(1, limit))
    }

    public func requeueJob(id: Int64, runAt: Date, at now: Date) async throws -> Bool {
        try await apply(JobRules.requeue(runAt: runAt), toJob: id, at: now)
    }

    public func jobStats() async throws -> [JobState: Int] {
        let counts = try await jobCounts()
        return Dictionary(uniqueKeysWithValues: JobState.allCases.map { ($0, counts[$0] ?? 0) })
    }
}
