import Foundation
import Logging
import ServiceLifecycle
import TicketflowCore

/// The nightly QA review: at `hour` UTC every node enqueues a `qa.nightly`
/// job with the dedupe key `qa:<yyyy-mm-dd>`, and whichever worker claims it
/// reviews the previous day's answers.
///
/// Why the work queue rather than a timer per node or a lock: the dedupe key
/// is a unique index in the shared store, so however many nodes enqueue, one
/// job exists per day (even across restarts: a done job keeps its key); the
/// lease means one node runs it at a time, and a node that dies mid-run loses
/// its lease so another finishes it. The runner skips answers already
/// reviewed, so such a rerun writes nothing twice. A timer per node would run
/// N times; a lock held by a dead node would lose the night's run.
public struct QANightly: Service {
    /// The job kind.
    public static let kind = "qa.nightly"

    public let queue: any JobQueue
    /// UTC hour (0–23) the run is due.
    public let hour: Int
    /// False on intake-only nodes: they enqueue, other nodes run it.
    public let runsJobs: Bool
    /// The QA run over answers since the given time.
    public let run: @Sendable (Date) async throws -> QARunReport
    public let logger: Logger
    public var now: @Sendable () -> Date = Date.init

    /// A schedule at `hour` UTC that runs `run` from the work queue.
    public init(
        queue: any JobQueue, hour: Int, runsJobs: Bool, logger: Logger,
        run: @escaping @Sendable (Date) async throws -> QARunReport
    ) {
        self.queue = queue
        self.hour = hour
        self.runsJobs = runsJobs
        self.logger = logger
        self.run = run
    }

    /// The job's input: the window start, fixed at enqueue so every node agrees.
    struct Payload: Codable {
        var since: Date
    }

    /// `qa:<yyyy-mm-dd>` for the UTC day of `date`.
    public static func dedupeKey(for date: Date) -> String { "qa:" + QASince.dayKey(date) }

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
        let payload = String(decoding: try Self.encoder.encode(Payload(since: due.addingTimeInterval(-86_400))), as: UTF8.self)
        let result = try await queue.enqueue(
            NewJob(kind: Self.kind, payload: payload, runAt: due, dedupeKey: Self.dedupeKey(for: due), maxAttempts: 3), at: date)
        return result.created
    }

    /// The handler for `qa.nightly` jobs.
    public func handlers() -> JobHandlers {
        var handlers = JobHandlers()
        let run = self.run, logger = self.logger
        handlers.register(Self.kind) { job in
            let payload = try Self.decoder.decode(Payload.self, from: Data(job.payload.utf8))
            let report = try await run(payload.since)
            logger.notice("nightly QA review done", metadata: [
                "reviewed": "\(report.reviewed)", "skipped": "\(report.skipped)",
                "flagged": "\(report.flagged.count)", "llm_fallbacks": "\(report.llmFallbacks)",
            ])
        }
        return handlers
    }

    /// A worker that claims only QA jobs. The lease is long because a run
    /// reviews a whole day of answers; losing it only causes a harmless rerun.
    public func worker(workerID: String? = nil, pollInterval: Double = 30) -> JobWorker {
        let logger = self.logger
        let workerID = workerID ?? AnswerWorker.workerID
        return JobWorker(
            queue: queue, handlers: handlers(),
            configuration: JobWorker.Configuration(workerID: workerID, leaseSeconds: 1800, batchSize: 1, pollInterval: pollInterval),
            now: now, onError: { error in logger.warning("QA queue unavailable; retrying", metadata: ["error": "\(error)"]) })
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await scheduleLoop() }
                if runsJobs {
                    let worker = worker()
                    group.addTask { await worker.run() }
                }
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
                logger.warning("could not enqueue the nightly QA review; retrying", metadata: ["error": "\(error)"])
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
