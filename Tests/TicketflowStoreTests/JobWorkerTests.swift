import Foundation
import Synchronization
import Testing
import TicketflowCore

/// The polling worker over a real queue: handlers run, failures retry with
/// backoff, poison jobs dead-letter, and a job's effect happens once.
@Suite struct JobWorkerTests {
    /// A test clock the handlers and the worker share.
    final class Clock: @unchecked Sendable {
        private let lock = NSLock()
        private var seconds: Double = 1_800_000_000
        var now: Date { lock.withLock { Date(timeIntervalSince1970: seconds) } }
        func advance(_ delta: Double) { lock.withLock { seconds += delta } }
    }

    /// Effects recorded by handlers, keyed by job id, to check "once in effect".
    actor Ledger {
        var effects: [Int64: Int] = [:]
        var calls: [String: Int] = [:]
        func record(_ job: Job) { calls[job.kind, default: 0] += 1 }
        func apply(_ job: Job) { effects[job.id, default: 0] += 1 }
    }

    struct Flaky: Error, CustomStringConvertible {
        var description: String { "LLM endpoint answered 503" }
    }

    @Test func backoffDoublesIsCappedAndJitterStaysInBounds() {
        let backoff = RetryBackoff(baseSeconds: 2, maximumSeconds: 60, jitter: 0.25)
        #expect(backoff.delay(afterAttempt: 1, unitRandom: 0.5) == 2)
        #expect(backoff.delay(afterAttempt: 3, unitRandom: 0.5) == 8)
        #expect(backoff.delay(afterAttempt: 20, unitRandom: 0.5) == 60)
        #expect(backoff.delay(afterAttempt: 3, unitRandom: 0) == 6)
        #expect(backoff.delay(afterAttempt: 3, unitRandom: 1) == 10)
    }

    @Test(arguments: StoreKind.allCases) func runsRetriesAndDeadLetters(kind: StoreKind) async throws {
        try await withStore(kind) { queue in
            let clock = Clock()
            let ledger = Ledger()
            var handlers = JobHandlers()
            handlers.register("answer") { job in
                await ledger.record(job)
                await ledger.apply(job)
            }
            // Fails on its first attempt only: succeeds after one backoff.
            handlers.register("embed") { job in
                await ledger.record(job)
                if job.attempts == 1 { throw Flaky() }
                await ledger.apply(job)
            }
            handlers.register("poison") { job in
                await ledger.record(job)
                throw Flaky()
            }
            for index in 0..<5 {
                _ = try await queue.enqueue(
                    NewJob(kind: "answer", runAt: clock.now, dedupeKey: "a\(index)"), at: clock.now)
            }
            let embed = try await queue.enqueue(NewJob(kind: "embed", runAt: clock.now), at: clock.now).job
            let poison = try await queue.enqueue(
                NewJob(kind: "poison", runAt: clock.now, maxAttempts: 2), at: clock.now
            ).job
            _ = try await queue.enqueue(NewJob(kind: "unhandled", runAt: clock.now), at: clock.now)
            let worker = JobWorker(
                queue: queue, handlers: handlers,
                configuration: .init(
                    workerID: "test", leaseSeconds: 30, batchSize: 3,
                    backoff: RetryBackoff(baseSeconds: 10, maximumSeconds: 100, jitter: 0)),
                now: { clock.now }, unitRandom: { 0.5 })
            var total = JobBatchReport()
            for _ in 0..<10 {
                let report = try await worker.runOnce()
                total.claimed += report.claimed
                total.completed += report.completed
                total.retried += report.retried
                total.deadLettered += report.deadLettered
                if report.claimed == 0 { clock.advance(11) }
            }
            #expect(total.completed == 6 && total.retried == 2 && total.deadLettered == 1 && total.claimed == 9)
            let effects = await ledger.effects
            #expect(effects.count == 6 && effects.values.allSatisfy { $0 == 1 })
            #expect(await ledger.calls == ["answer": 5, "embed": 2, "poison": 2])
            #expect(try await queue.job(id: embed.id)?.state == .done)
            let dead = try await queue.deadLetterJobs(limit: 5)
            #expect(dead.map(\.id) == [poison.id] && dead.first?.lastError == "LLM endpoint answered 503")
            #expect(try await queue.jobStats() == [.pending: 1, .leased: 0, .done: 6, .dead: 1])
        }
    }

    @Test(arguments: StoreKind.allCases) func workersSharingAQueueRunEachJobOnce(kind: StoreKind) async throws {
        try await withStore(kind) { queue in
            let ledger = Ledger()
            var handlers = JobHandlers()
            handlers.register("qa") { job in await ledger.apply(job) }
            let now = Date()
            for index in 0..<40 {
                _ = try await queue.enqueue(NewJob(kind: "qa", runAt: now, dedupeKey: "qa\(index)"), at: now)
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for node in 0..<3 {
                    let worker = JobWorker(
                        queue: queue, handlers: handlers,
                        configuration: .init(workerID: "node\(node)", leaseSeconds: 60, batchSize: 4))
                    group.addTask {
                        while try await worker.runOnce().claimed > 0 {}
                    }
                }
                try await group.waitForAll()
            }
            let effects = await ledger.effects
            #expect(effects.count == 40 && effects.values.allSatisfy { $0 == 1 })
            #expect(try await queue.jobStats()[.done] == 40)
        }
    }

    /// A queue whose database is down: every call fails.
    struct UnavailableQueue: JobQueue {
        func enqueue(_ job: NewJob, at now: Date) async throws -> EnqueueResult { throw Self.down }
        func claimJobs(
            worker: String, kinds: [String], leaseSeconds: Double, limit: Int, at now: Date
        ) async throws -> [Job] {
            throw Self.down
        }
        func completeJob(id: Int64, leaseToken: String, at now: Date) async throws -> Bool { throw Self.down }
        func releaseJob(id: Int64, leaseToken: String, at now: Date) async throws -> Bool { throw Self.down }
        func failJob(
            id: Int64, leaseToken: String, error: String, retryAt: Date, at now: Date
        ) async throws -> JobState? {
            throw Self.down
        }
        func deadLetterJobs(limit: Int) async throws -> [Job] { throw Self.down }
        func requeueJob(id: Int64, runAt: Date, at now: Date) async throws -> Bool { throw Self.down }
        func jobStats() async throws -> [JobState: Int] { throw Self.down }
        func job(id: Int64) async throws -> Job? { throw Self.down }
        func deleteJobs(in state: JobState, updatedBefore cutoff: Date, limit: Int) async throws -> Int {
            throw Self.down
        }
        static let down = StoreError(.unavailable, "database restarting")
    }

    actor ErrorLog {
        var errors: [String] = []
        func add(_ error: any Error) { errors.append(String(describing: error)) }
    }

    @Test func runSurvivesAnUnavailableQueueAndReportsIt() async throws {
        let log = ErrorLog()
        var handlers = JobHandlers()
        handlers.register("answer") { _ in }
        let worker = JobWorker(
            queue: UnavailableQueue(), handlers: handlers,
            configuration: .init(workerID: "w", pollInterval: 0.01),
            onError: { error in Task { await log.add(error) } })
        let loop = Task { await worker.run() }
        // Bounded wait for a few failed polls; the loop must keep polling rather than end.
        for _ in 0..<500 where await log.errors.count < 3 { try await Task.sleep(nanoseconds: 10_000_000) }
        loop.cancel()
        await loop.value
        let errors = await log.errors
        #expect(errors.count >= 3)
        #expect(errors.allSatisfy { $0 == "unavailable: database restarting" })
    }

    @Test(arguments: StoreKind.allCases) func runDrainsTheQueueUntilCancelled(kind: StoreKind) async throws {
        try await withStore(kind) { queue in
            let ledger = Ledger()
            var handlers = JobHandlers()
            handlers.register("qa") { job in await ledger.apply(job) }
            for index in 0..<5 {
                _ = try await queue.enqueue(NewJob(kind: "qa", runAt: Date(), dedupeKey: "run\(index)"), at: Date())
            }
            let worker = JobWorker(
                queue: queue, handlers: handlers,
                configuration: .init(workerID: "loop", batchSize: 2, pollInterval: 0.01))
            let loop = Task { await worker.run() }
            for _ in 0..<1000 where try await queue.jobStats()[.done] != 5 {
                try await Task.sleep(nanoseconds: 10_000_000)
            }
            loop.cancel()
            await loop.value
            #expect(try await queue.jobStats()[.done] == 5)
            #expect(await ledger.effects.count == 5)
        }
    }
    /// A stop signal as the worker expects one (like `gracefulShutdown()`): returns once stopped.
    final class StopSwitch: @unchecked Sendable {
        private let lock = NSLock()
        private var stopped = false
        func stop() { lock.withLock { stopped = true } }
        func wait() async {
            while !lock.withLock({ stopped }) && !Task.isCancelled { try? await Task.sleep(for: .milliseconds(5)) }
        }
    }

    @Test(arguments: StoreKind.allCases) func stopGivesJobsInFlightTheGracePeriodThenReleasesThem(
        kind: StoreKind
    ) async throws {
        try await withStore(kind) { queue in
            let stop = StopSwitch()
            var handlers = JobHandlers()
            // Still running when the stop comes, and done well within the grace period.
            handlers.register("quick") { _ in
                await stop.wait()
                try await Task.sleep(for: .milliseconds(200))
            }
            handlers.register("stuck") { _ in try await Task.sleep(for: .seconds(60)) }
            let quick = try await queue.enqueue(NewJob(kind: "quick", runAt: Date()), at: Date()).job.id
            let stuck = try await queue.enqueue(NewJob(kind: "stuck", runAt: Date()), at: Date()).job.id
            let worker = JobWorker(
                queue: queue, handlers: handlers, configuration: .init(workerID: "stopping", pollInterval: 30))
            let loop = Task { await worker.run(until: { await stop.wait() }, grace: .seconds(1)) }
            // One batch claims both; stop while both run.
            for _ in 0..<500 where try await queue.job(id: stuck)?.state != .leased {
                try await Task.sleep(for: .milliseconds(5))
            }
            #expect(try await queue.job(id: quick)?.state == .leased)
            let clock = ContinuousClock()
            let stopped = clock.now
            stop.stop()
            await loop.value
            let took = clock.now - stopped
            #expect(took >= .milliseconds(950) && took < .seconds(3), "grace 1 s, stopped after \(took)")
            // The quick job finished within the grace period; the stuck one was released, attempt given back.
            #expect(try await queue.job(id: quick)?.state == .done)
            let released = try #require(try await queue.job(id: stuck))
            #expect(released.state == .pending && released.attempts == 0 && released.lastError == nil, "\(released)")
            let taken = try await queue.claimJobs(
                worker: "other", kinds: ["stuck"], leaseSeconds: 60, limit: 1, at: Date())
            #expect(taken.map(\.id) == [stuck])
            // A stopped worker claims nothing more, and a stop during the poll sleep ends it at once.
            let idle = Task { await worker.run(until: { await stop.wait() }, grace: .seconds(5)) }
            let idleStarted = clock.now
            await idle.value
            #expect(clock.now - idleStarted < .seconds(1))
        }
    }
}
