import Foundation
import Logging
import ServiceLifecycle
import TicketflowCore

/// A job that runs once a day at `hour` UTC on whichever node claims it:
/// every node enqueues it with the dedupe key `<prefix>:<yyyy-mm-dd>`, and
/// the worker that claims it runs it over the window since the previous due
/// time. The nightly QA review (`QANightly`) and the nightly retraining
/// (`NightlyRetrain`) are two of these.
///
/// Why the work queue rather than a timer per node or a lock: the dedupe key
/// is a unique index in the shared store, so however many nodes enqueue, one
/// job exists per day (even across restarts: a done job keeps its key); the
/// lease means one node runs it at a time, and a node that dies mid-run loses
/// its lease so another finishes it. A timer per node would run N times; a
/// lock held by a dead node would lose the night's run.
public struct DailyJob: Service {
    /// The job kind (`qa.nightly`, `model.retrain`).
    public let kind: String
    /// First part of the dedupe key (`qa`, `retrain`).
    public let keyPrefix: String
    public let queue: any JobQueue
    /// UTC hour (0–23) the run is due.
    public let hour: Int
    /// False on intake-only nodes: they enqueue, other nodes run it.
    public let runsJobs: Bool
    /// How long a claim lasts; a run that takes longer is repeated by another worker.
    public let leaseSeconds: Double
    /// The work over the window starting at the given time; returns a line for the log.
    public let work: @Sendable (Date) async throws -> String
    public let logger: Logger
    public var now: @Sendable () -> Date = Date.init
    /// How long a run in flight may go on after SIGTERM before it is cancelled and released.
    public var shutdownGrace: Duration = AnswerWorker.defaultShutdownGrace

    /// A schedule at `hour` UTC that runs `work` from the work queue.
    public init(
        kind: String, keyPrefix: String, queue: any JobQueue, hour: Int, runsJobs: Bool, leaseSeconds: Double = 1800,
        logger: Logger, work: @escaping @Sendable (Date) async throws -> String
    ) {
        self.kind = kind
        self.keyPrefix = keyPrefix
        self.queue = queue
        self.hour = hour
        self.runsJobs = runsJobs
        self.leaseSeconds = leaseSeconds
        self.logger = logger
        self.work = work
    }

    /// The job's input: the window start, fixed at enqueue so every node agrees.
    struct Payload: Codable {
        var since: Date
    }

    /// `<prefix>:<yyyy-mm-dd>` for the UTC day of `date`.
    public static func dedupeKey(_ prefix: String, for date: Date) -> String { prefix + ":" + QASince.dayKey(date) }

    /// This job's key for the UTC day of `date`.
    public func dedupeKey(for date: Date) -> String { Self.dedupeKey(keyPrefix, for: date) }

    /// Today's (UTC) due time at `hour`.
    static func dueTime(on date: Date, hour: Int) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let midnight = calendar.startOfDay(for: date)
        return midnight.addingTimeInterval(Double(hour) * 3600)
    }

    /// The first due time after `date`.
    public static func nextDueTime(after date: Date, hour: Int) -> Date {
        let today = dueTime(on: date, hour: hour)
        // UTC has no daylight saving: days are 24 hours.
        return today > date ? today : today.addingTimeInterval(86_400)
    }

    /// Enqueues today's run when its hour has come; true when this call
    /// created the job (false: not due yet, or another node or an earlier start did).
    @discardableResult
    public func enqueueIfDue(at date: Date) async throws -> Bool {
        let due = Self.dueTime(on: date, hour: hour)
        guard date >= due else { return false }
        let payload = String(
            decoding: try Self.encoder.encode(Payload(since: due.addingTimeInterval(-86_400))), as: UTF8.self)
        let result = try await queue.enqueue(
            NewJob(kind: kind, payload: payload, runAt: due, dedupeKey: dedupeKey(for: due), maxAttempts: 3), at: date)
        return result.created
    }

    /// The handler for this kind of job.
    public func handlers() -> JobHandlers {
        var handlers = JobHandlers()
        let work = self.work, logger = self.logger, kind = self.kind
        handlers.register(kind) { job in
            let payload = try Self.decoder.decode(Payload.self, from: Data(job.payload.utf8))
            let summary = try await work(payload.since)
            // A run cut short by a shutdown is released and rerun, not recorded as done.
            try Task.checkCancellation()
            logger.notice("daily job done", metadata: ["kind": "\(kind)", "result": "\(summary)"])
        }
        return handlers
    }

    /// A worker that claims only this kind of job. The lease is long because
    /// a run covers a whole day; losing it only causes a harmless rerun.
    public func worker(workerID: String? = nil, pollInterval: Double = 30) -> JobWorker {
        let logger = self.logger, kind = self.kind
        let workerID = workerID ?? AnswerWorker.workerID
        return JobWorker(
            queue: queue, handlers: handlers(),
            configuration: JobWorker.Configuration(
                workerID: workerID, leaseSeconds: leaseSeconds, batchSize: 1, pollInterval: pollInterval),
            now: now,
            onError: { error in
                logger.warning("work queue unavailable; retrying", metadata: ["kind": "\(kind)", "error": "\(error)"])
            })
    }

    public func run() async throws {
        let grace = shutdownGrace
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await cancelWhenGracefulShutdown { await scheduleLoop() } }
            if runsJobs {
                // As the answer worker: a run in flight gets the grace period, then is released.
                let worker = worker()
                group.addTask { await worker.run(until: { try? await gracefulShutdown() }, grace: grace) }
            }
        }
    }

    /// Enqueues at start-up (catching up a night missed while down) and then at each due time.
    private func scheduleLoop() async {
        while !Task.isCancelled {
            do {
                try await enqueueIfDue(at: now())
                let wait = Self.nextDueTime(after: now(), hour: hour).timeIntervalSince(now())
                try await Task.sleep(for: .seconds(max(1, wait)))
            } catch is CancellationError {
                return
            } catch {
                logger.warning(
                    "could not enqueue the daily job; retrying", metadata: ["kind": "\(kind)", "error": "\(error)"])
                try? await Task.sleep(for: .seconds(60))
            }
        }
    }

    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
