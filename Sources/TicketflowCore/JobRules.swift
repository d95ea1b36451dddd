import Foundation

/// The work queue's state rules, written once for every store: when a job is
/// due, which expired leases a claim dead-letters, what a claim, completion,
/// release, failure and requeue change. Stores only run the resulting
/// `Claim` and `Transition` values, one SQL statement each (see `JobQueueStorage`);
/// the conformance suite checks their SQL against `isDue` and `hasExhaustedLease`.
public enum JobRules {
    /// `last_error` of a job dead-lettered because its lease ran out on its last attempt
    /// (a job that crashes its worker every time would otherwise be re-leased forever).
    public static let exhaustedLeaseError = "lease expired on every attempt"

    /// Why an enqueue gave up: the insert was refused for the dedupe key, yet no job holds it.
    public static let vanishedDedupeError = "a job with the same dedupe key vanished during enqueue"

    /// Due for a claim at `now`: pending with its run time reached, or leased with the lease run out
    /// and attempts left (the holder is presumed dead).
    public static func isDue(_ job: Job, at now: Date) -> Bool {
        switch job.state {
        case .pending: return job.runAt <= now
        case .leased: return leaseExpired(job, at: now) && job.attempts < job.maxAttempts
        case .done, .dead: return false
        }
    }

    /// Leased, lease run out, no attempts left: the next claim of its kind dead-letters it.
    public static func hasExhaustedLease(_ job: Job, at now: Date) -> Bool {
        job.state == .leased && leaseExpired(job, at: now) && job.attempts >= job.maxAttempts
    }

    /// Due order, the order claims take jobs in and return them: oldest run time first, then id.
    public static func isClaimedBefore(_ first: Job, _ second: Job) -> Bool {
        (first.runAt, first.id) < (second.runAt, second.id)
    }

    /// Where a job goes after its attempt number `attempts` failed.
    public static func stateAfterFailure(attempts: Int, maxAttempts: Int) -> JobState {
        attempts >= maxAttempts ? .dead : .pending
    }

    /// The claim a store runs for `worker`, or nil when nothing may be claimed
    /// (no kinds, no room). One lease token covers the batch.
    public static func claim(
        worker: String, kinds: [String], leaseSeconds: Double, limit: Int, at now: Date,
        token: String = UUID().uuidString
    ) -> Claim? {
        guard !kinds.isEmpty, limit > 0 else { return nil }
        return Claim(
            kinds: kinds, limit: limit, worker: worker, token: token, now: now,
            leaseExpiresAt: now.addingTimeInterval(leaseSeconds))
    }

    /// A held job finished.
    public static func completion(leaseToken: String) -> Transition {
        Transition(from: .leased, leaseToken: leaseToken, to: .done)
    }

    /// A held job given back without counting its attempt, due at once (work cut short by a shutdown).
    public static func release(of job: Job, leaseToken: String, at now: Date) -> Transition {
        Transition(from: .leased, leaseToken: leaseToken, to: .pending, runAt: now, attempts: max(job.attempts - 1, 0))
    }

    /// A held job's attempt failed: retried at `retryAt`, or dead once it used up its attempts.
    public static func failure(of job: Job, leaseToken: String, error: String, retryAt: Date) -> Transition {
        Transition(
            from: .leased, leaseToken: leaseToken,
            to: stateAfterFailure(attempts: job.attempts, maxAttempts: job.maxAttempts), runAt: retryAt,
            lastError: error)
    }

    /// A dead-lettered job back in the queue with a fresh set of attempts (its last error kept).
    public static func requeue(runAt: Date) -> Transition {
        Transition(from: .dead, leaseToken: nil, to: .pending, runAt: runAt, attempts: 0)
    }

    /// One claim, run by a store in one transaction: first every job of `kinds` for which
    /// `hasExhaustedLease` holds at `now` becomes dead (lease cleared, `last_error` kept or set to
    /// `exhaustedLeaseError`, `updated_at` = `now`); then up to `limit` jobs of `kinds` for which
    /// `isDue` holds, in due order, become leased to `worker` with `token` until `leaseExpiresAt`,
    /// one more attempt and `updated_at` = `now`. Jobs of other kinds are not touched.
    public struct Claim: Sendable, Equatable {
        public var kinds: [String]
        public var limit: Int
        public var worker: String
        public var token: String
        public var now: Date
        public var leaseExpiresAt: Date
        public var exhaustedLeaseError: String { JobRules.exhaustedLeaseError }
    }

    /// A guarded change of one job, run by a store as one statement: when the job is in `from` with
    /// lease token `leaseToken` (nil: none), it moves to `to`, takes the non-nil values given, loses
    /// its lease (owner, token, expiry) and gets `updated_at` = the time passed along; otherwise
    /// nothing changes (the lease was lost or the job is elsewhere in its life cycle).
    public struct Transition: Sendable, Equatable {
        public var from: JobState
        public var leaseToken: String?
        public var to: JobState
        /// New run time, or nil to keep it.
        public var runAt: Date?
        /// New attempt count, or nil to keep it.
        public var attempts: Int?
        /// New last error, or nil to keep it.
        public var lastError: String?

        public init(
            from: JobState, leaseToken: String?, to: JobState, runAt: Date? = nil, attempts: Int? = nil,
            lastError: String? = nil
        ) {
            self.from = from
            self.leaseToken = leaseToken
            self.to = to
            self.runAt = runAt
            self.attempts = attempts
            self.lastError = lastError
        }
    }

    /// A lease without an expiry never runs out, as in SQL (`NULL <= now` is not true).
    private static func leaseExpired(_ job: Job, at now: Date) -> Bool {
        job.leaseExpiresAt.map { $0 <= now } ?? false
    }
}
