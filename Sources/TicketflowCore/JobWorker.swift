import Foundation
import Synchronization

/// Runs one kind of job. It must be idempotent: a job whose lease ran out
/// (a slow or crashed node) is run again elsewhere, so the same job can be
/// seen twice; what it writes must come out the same.
public typealias JobHandler = @Sendable (Job) async throws -> Void

/// The handlers a worker knows, by job kind; the composition root fills it.
public struct JobHandlers: Sendable {
    private var handlers: [String: JobHandler] = [:]

    /// An empty registry.
    public init() {}

    /// Registers (or replaces) the handler for `kind`.
    public mutating func register(_ kind: String, _ handler: @escaping JobHandler) {
        handlers[kind] = handler
    }

    /// The handler for `kind`, or nil.
    public func handler(for kind: String) -> JobHandler? { handlers[kind] }

    /// Kinds with a handler, sorted, so a worker claims only work it can do.
    public var kinds: [String] { handlers.keys.sorted() }
}

/// What one pass of a worker did, for logs, metrics and tests.
public struct JobBatchReport: Sendable, Equatable {
    public var claimed = 0
    public var completed = 0
    public var retried = 0
    public var deadLettered = 0
    /// Jobs whose lease was lost before they were settled (taken over elsewhere).
    public var leaseLost = 0
    /// Jobs cut short by cancellation (a shutdown) and given back to the queue.
    public var released = 0

    /// An empty report.
    public init() {}
}

/// A polling worker over any `JobQueue`: claims due jobs of the kinds it has
/// handlers for, runs them concurrently, completes them or schedules a retry
/// with backoff. Several workers (threads or nodes) may share one queue.
public struct JobWorker: Sendable {
    /// How a worker claims and retries.
    public struct Configuration: Sendable {
        /// Identifies this worker in leases (host and process, typically).
        public var workerID: String
        /// How long a claimed job is reserved; longer than the slowest handler.
        public var leaseSeconds: Double
        /// Most jobs claimed and run at once.
        public var batchSize: Int
        /// Sleep between polls when the queue had nothing due, in seconds.
        public var pollInterval: Double
        public var backoff: RetryBackoff

        /// A configuration with defaults suited to LLM-sized jobs.
        public init(
            workerID: String, leaseSeconds: Double = 120, batchSize: Int = 4, pollInterval: Double = 1,
            backoff: RetryBackoff = RetryBackoff()
        ) {
            self.workerID = workerID
            self.leaseSeconds = leaseSeconds
            self.batchSize = max(1, batchSize)
            self.pollInterval = pollInterval
            self.backoff = backoff
        }
    }

    public let queue: any JobQueue
    public let handlers: JobHandlers
    public let configuration: Configuration
    public let now: @Sendable () -> Date
    /// Source of jitter in 0...1; injected so tests are deterministic.
    public let unitRandom: @Sendable () -> Double
    /// Told about queue failures `run()` survives (Core does not log; the composition root does).
    public let onError: (@Sendable (any Error) -> Void)?

    /// A worker over `queue` running `handlers`.
    public init(
        queue: any JobQueue, handlers: JobHandlers, configuration: Configuration,
        now: @escaping @Sendable () -> Date = Date.init,
        unitRandom: @escaping @Sendable () -> Double = { Double.random(in: 0...1) },
        onError: (@Sendable (any Error) -> Void)? = nil
    ) {
        self.queue = queue
        self.handlers = handlers
        self.configuration = configuration
        self.now = now
        self.unitRandom = unitRandom
        self.onError = onError
    }

    /// Claims one batch, runs it and settles every job.
    public func runOnce() async throws -> JobBatchReport {
        try await runOnce(stop: nil, grace: .zero).report
    }

    /// Polls until the task is cancelled. Store errors (a database restart)
    /// are retried after the poll interval rather than ending the loop. A job
    /// whose handler is cancelled is released to the queue, not failed.
    public func run() async {
        await run(until: nil, grace: .zero)
    }

    /// Polls until `stop` returns (or the task is cancelled), then claims
    /// nothing more: jobs in flight get `grace` to finish, then their handlers
    /// are cancelled and the jobs released, so another worker takes them at
    /// once instead of after the lease. `stop` may be called many times and
    /// must return at once when the stop already happened, and on cancellation
    /// (ServiceLifecycle's `gracefulShutdown()` with `try?` is such a function).
    public func run(until stop: (@Sendable () async -> Void)?, grace: Duration) async {
        while !Task.isCancelled {
            var claimed = 0
            do {
                let pass = try await runOnce(stop: stop, grace: grace)
                if pass.stopped { return }
                claimed = pass.report.claimed
            } catch {
                if Task.isCancelled { break }
                onError?(error)
            }
            if claimed > 0 { continue }
            if await Self.sleep(seconds: configuration.pollInterval, unless: stop) { return }
        }
    }

    /// One batch; `stopped` says `stop` returned while it ran.
    private func runOnce(
        stop: (@Sendable () async -> Void)?, grace: Duration
    ) async throws -> (report: JobBatchReport, stopped: Bool) {
        var report = JobBatchReport()
        let kinds = handlers.kinds
        guard !kinds.isEmpty else { return (report, false) }
        let jobs = try await queue.claimJobs(
            worker: configuration.workerID, kinds: kinds, leaseSeconds: configuration.leaseSeconds,
            limit: configuration.batchSize, at: now())
        report.claimed = jobs.count
        guard !jobs.isEmpty else { return (report, false) }
        let stopped = StopFlag()
        return try await withThrowingTaskGroup(of: [JobOutcome].self) { group in
            group.addTask {
                try await withThrowingTaskGroup(of: JobOutcome.self) { batch in
                    for job in jobs { batch.addTask { try await self.process(job) } }
                    return try await batch.reduce(into: []) { $0.append($1) }
                }
            }
            if let stop {
                // The grace timer: started by the stop, it cancels the batch when it runs out.
                group.addTask {
                    await stop()
                    guard !Task.isCancelled else { return [] }
                    stopped.set()
                    try await Task.sleep(for: grace)
                    throw CancellationError()
                }
            }
            var outcomes: [JobOutcome] = []
            do {
                // The first to finish: the batch (then the timer is cancelled) or the timer.
                outcomes = try await group.next() ?? []
                group.cancelAll()
                while let more = try await group.next() { outcomes += more }
            } catch is CancellationError where stopped.isSet {
                group.cancelAll()
                while let more = try? await group.next() { outcomes += more }
            }
            for outcome in outcomes {
                switch outcome {
                case .completed: report.completed += 1
                case .retried: report.retried += 1
                case .deadLettered: report.deadLettered += 1
                case .leaseLost: report.leaseLost += 1
                case .released: report.released += 1
                }
            }
            return (report, stopped.isSet)
        }
    }

    /// Sleeps `seconds`, or less when `stop` returns first; true when it did.
    private static func sleep(seconds: Double, unless stop: (@Sendable () async -> Void)?) async -> Bool {
        let duration = Duration.seconds(max(0.001, seconds))
        guard let stop else {
            try? await Task.sleep(for: duration)
            return false
        }
        return await withTaskGroup(of: Bool.self) { group in
            group.addTask { (try? await Task.sleep(for: duration)) == nil }
            group.addTask {
                await stop()
                return !Task.isCancelled
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }

    private enum JobOutcome: Sendable { case completed, retried, deadLettered, leaseLost, released }

    private func process(_ job: Job) async throws -> JobOutcome {
        let token = job.leaseToken ?? ""
        do {
            guard let handler = handlers.handler(for: job.kind) else {
                throw StoreError(.notFound, "no handler for job kind \(job.kind)")
            }
            try await handler(job)
        } catch {
            if Task.isCancelled {
                // Cut short by a shutdown, not failed: the attempt is given back.
                let released = try await Self.shielded {
                    try await self.queue.releaseJob(id: job.id, leaseToken: token, at: self.now())
                }
                return released ? .released : .leaseLost
            }
            let delay = configuration.backoff.delay(afterAttempt: job.attempts, unitRandom: unitRandom())
            let failedAt = now()
            let state = try await Self.shielded {
                try await self.queue.failJob(
                    id: job.id, leaseToken: token, error: String(describing: error),
                    retryAt: failedAt.addingTimeInterval(delay), at: failedAt)
            }
            switch state {
            case nil: return .leaseLost
            case .dead?: return .deadLettered
            default: return .retried
            }
        }
        let completed = try await Self.shielded {
            try await self.queue.completeJob(id: job.id, leaseToken: token, at: self.now())
        }
        return completed ? .completed : .leaseLost
    }

    /// Runs a settle outside the caller's cancellation (a new task does not
    /// inherit it), so a job finished or cut short during a shutdown is still
    /// recorded; the caller awaits it, so nothing outlives the worker.
    private static func shielded<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await Task { try await body() }.value
    }
}

/// Set once the stop signal arrived during a batch.
private final class StopFlag: Sendable {
    private let value = Mutex(false)
    func set() { value.withLock { $0 = true } }
    var isSet: Bool { value.withLock { $0 } }
}
