import Foundation

/// The durable work queue port: slow pipeline work (LLM calls, embeddings,
/// QA) runs from jobs stored next to the tickets, so a crashed node's work is
/// picked up by another node when its lease runs out. SQLite serves one node;
/// PostgreSQL serves many (claims use `FOR UPDATE SKIP LOCKED`).
///
/// Times are passed in rather than read from the database clock so the
/// semantics are identical on both stores and tests can move time forward;
/// nodes sharing a database must keep their clocks in sync (NTP), and
/// leases should be far longer than any clock skew.
public protocol JobQueue: Sendable {
    /// Adds a job, or returns the job an earlier call with the same dedupe key created.
    func enqueue(_ job: NewJob, at now: Date) async throws -> EnqueueResult

    /// Leases up to `limit` due jobs of the given kinds to `worker`, oldest due first.
    /// A job whose lease expired is due again; one that used up its attempts
    /// while leased is moved to the dead-letter state instead.
    func claimJobs(
        worker: String, kinds: [String], leaseSeconds: Double, limit: Int, at now: Date
    ) async throws -> [Job]

    /// Marks a leased job done. False when the lease was lost (expired and
    /// claimed by someone else, or already settled): the caller's work must be idempotent.
    func completeJob(id: Int64, leaseToken: String, at now: Date) async throws -> Bool

    /// Gives a held job back without counting the attempt: it is pending and due at
    /// `now`, so another worker (this node or another) claims it at once. For work cut
    /// short by a shutdown rather than failed. False when the lease was already lost.
    func releaseJob(id: Int64, leaseToken: String, at now: Date) async throws -> Bool

    /// Records a failed attempt: the job is retried at `retryAt`, or moves to
    /// the dead-letter state when it used up its attempts. Nil when the lease was lost.
    func failJob(id: Int64, leaseToken: String, error: String, retryAt: Date, at now: Date) async throws -> JobState?

    /// Dead-lettered jobs, most recently failed first, for the console and API.
    func deadLetterJobs(limit: Int) async throws -> [Job]

    /// Puts a dead-lettered job back in the queue with a fresh set of attempts.
    /// False when the job does not exist or is not dead-lettered.
    func requeueJob(id: Int64, runAt: Date, at now: Date) async throws -> Bool

    /// Number of jobs in each state (every state is present, zero when empty).
    func jobStats() async throws -> [JobState: Int]

    /// One job, or nil.
    func job(id: Int64) async throws -> Job?

    /// Deletes up to `limit` jobs in `state` last updated before `cutoff`; returns how many (see `JobRetention`).
    func deleteJobs(in state: JobState, updatedBefore cutoff: Date, limit: Int) async throws -> Int
}

/// Where a job is in its life cycle: `pending` → `leased` → `done`, or back
/// to `pending` for a retry, or `dead` once it used up its attempts.
public enum JobState: String, Codable, Sendable, CaseIterable {
    case pending, leased, done, dead
}

/// A job as the caller describes it before it is stored.
public struct NewJob: Sendable, Equatable {
    /// Default number of attempts before a job is dead-lettered.
    public static let defaultMaxAttempts = 5

    /// Which handler runs it, e.g. `answer.llm`.
    public var kind: String
    /// Handler input as JSON text.
    public var payload: String
    public var ticketID: Int64?
    /// Earliest time it may run.
    public var runAt: Date
    /// Makes enqueueing idempotent: a second job with the same key is not created.
    public var dedupeKey: String?
    public var maxAttempts: Int

    public init(
        kind: String, payload: String = "{}", ticketID: Int64? = nil, runAt: Date, dedupeKey: String? = nil,
        maxAttempts: Int = NewJob.defaultMaxAttempts
    ) {
        self.kind = kind
        self.payload = payload
        self.ticketID = ticketID
        self.runAt = runAt
        self.dedupeKey = dedupeKey
        self.maxAttempts = max(1, maxAttempts)
    }
}

/// A stored job and its lease.
public struct Job: Codable, Sendable, Equatable {
    public var id: Int64
    public var kind: String
    public var payload: String
    public var ticketID: Int64?
    public var dedupeKey: String?
    public var state: JobState
    /// Attempts started so far (a claim starts one).
    public var attempts: Int
    public var maxAttempts: Int
    public var runAt: Date
    public var leaseOwner: String?
    /// Proof of the current lease; settling a job requires it.
    public var leaseToken: String?
    public var leaseExpiresAt: Date?
    public var lastError: String?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Int64, kind: String, payload: String, ticketID: Int64?, dedupeKey: String?, state: JobState,
        attempts: Int, maxAttempts: Int, runAt: Date, leaseOwner: String?, leaseToken: String?,
        leaseExpiresAt: Date?, lastError: String?, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.kind = kind
        self.payload = payload
        self.ticketID = ticketID
        self.dedupeKey = dedupeKey
        self.state = state
        self.attempts = attempts
        self.maxAttempts = maxAttempts
        self.runAt = runAt
        self.leaseOwner = leaseOwner
        self.leaseToken = leaseToken
        self.leaseExpiresAt = leaseExpiresAt
        self.lastError = lastError
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, kind, payload, state, attempts
        case ticketID = "ticket_id"
        case dedupeKey = "dedupe_key"
        case maxAttempts = "max_attempts"
        case runAt = "run_at"
        case leaseOwner = "lease_owner"
        case leaseToken = "lease_token"
        case leaseExpiresAt = "lease_expires_at"
        case lastError = "last_error"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }
}

/// The stored job, and whether this call created it.
public struct EnqueueResult: Sendable, Equatable {
    public var job: Job
    /// False when a job with the same dedupe key already existed.
    public var created: Bool

    public init(job: Job, created: Bool) {
        self.job = job
        self.created = created
    }
}
