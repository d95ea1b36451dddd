import Foundation
import Synchronization
import Testing
import TicketflowAuth

/// The lock-out rules and the password-check pool, without sockets, on a clock the test moves.
@Suite struct SignInThrottleTests {
    /// A clock that only moves when told to.
    final class TestClock: Sendable {
        private let time = Mutex(Date(timeIntervalSince1970: 1_000_000))
        var now: Date { time.withLock { $0 } }
        func advance(_ seconds: TimeInterval) { time.withLock { $0 += seconds } }
    }

    /// A value tasks and pool threads share.
    final class Shared<Value: Sendable>: Sendable {
        private let value: Mutex<Value>
        init(_ value: Value) { self.value = Mutex(value) }
        var current: Value { value.withLock { $0 } }
        func update(_ change: (inout Value) -> Void) { value.withLock { change(&$0) } }
    }

    let start = Date(timeIntervalSince1970: 1_000_000)

    @Test func delaysDoubleAfterTheFreeFailuresUpToTheCap() {
        let policy = SignInThrottle.Policy(freeFailures: 3, baseDelay: 2, maximumDelay: 30, forgetAfter: 60)
        #expect((0...8).map { policy.delay(afterFailures: $0) } == [0, 0, 0, 2, 4, 8, 16, 30, 30])
        #expect(policy.delay(afterFailures: 10_000) == 30, "no overflow for absurd counts")
    }

    @Test func aKeyIsLockedAfterItsFreeFailuresForAGrowingTime() {
        var throttle = SignInThrottle(policy: .init(freeFailures: 3, baseDelay: 1, maximumDelay: 60, forgetAfter: 600))
        for _ in 0..<3 {
            #expect(throttle.decision("ann", at: start) == .allowed)
            throttle.begin("ann", at: start)
            throttle.finish("ann", .failed, at: start, resetOnSuccess: true)
        }
        #expect(throttle.decision("ann", at: start) == .locked(retryAfter: 1))
        #expect(throttle.decision("bob", at: start) == .allowed, "other keys are not affected")
        let later = start.addingTimeInterval(1)
        #expect(throttle.decision("ann", at: later) == .allowed)
        throttle.begin("ann", at: later)
        throttle.finish("ann", .failed, at: later, resetOnSuccess: true)
        #expect(throttle.decision("ann", at: later.addingTimeInterval(0.5)) == .locked(retryAfter: 1.5), "now 2 s")
    }

    @Test func successResetsOnlyWhereAsked() {
        var throttle = SignInThrottle(policy: .init(freeFailures: 5, baseDelay: 1, maximumDelay: 60, forgetAfter: 600))
        for outcome in [SignInThrottle.Outcome.failed, .failed, .abandoned] {
            throttle.begin("k", at: start)
            throttle.finish("k", outcome, at: start, resetOnSuccess: true)
        }
        #expect(throttle.failures("k", at: start) == 2, "an abandoned attempt does not count")
        throttle.begin("k", at: start)
        throttle.finish("k", .succeeded, at: start, resetOnSuccess: false)
        #expect(throttle.failures("k", at: start) == 2)
        throttle.begin("k", at: start)
        throttle.finish("k", .succeeded, at: start, resetOnSuccess: true)
        #expect(throttle.failures("k", at: start) == 0)
        #expect(throttle.trackedKeys == 0, "a clean key is not kept")
    }

    @Test func attemptsInFlightUseUpTheAllowance() {
        var throttle = SignInThrottle(policy: .init(freeFailures: 3, baseDelay: 1, maximumDelay: 60, forgetAfter: 600))
        for _ in 0..<3 {
            #expect(throttle.decision("k", at: start) == .allowed)
            throttle.begin("k", at: start)
        }
        #expect(throttle.decision("k", at: start) == .locked(retryAfter: 1), "a parallel burst cannot all slip in")
    }

    @Test func failuresAreForgottenAfterAQuietPeriod() {
        var throttle = SignInThrottle(policy: .init(freeFailures: 2, baseDelay: 10, maximumDelay: 60, forgetAfter: 100))
        for _ in 0..<2 {
            throttle.begin("k", at: start)
            throttle.finish("k", .failed, at: start, resetOnSuccess: true)
        }
        #expect(throttle.failures("k", at: start.addingTimeInterval(109)) == 2, "lock-out (10 s) plus 100 s not over")
        #expect(throttle.failures("k", at: start.addingTimeInterval(110)) == 0)
        #expect(throttle.decision("k", at: start.addingTimeInterval(110)) == .allowed)
    }

    @Test func memoryStaysBoundedAndTheKeyUnderAttackIsKept() {
        var throttle = SignInThrottle(
            policy: .init(freeFailures: 3, baseDelay: 1, maximumDelay: 60, forgetAfter: 3600), maximumKeys: 100)
        var now = start
        for i in 0..<1_000 {
            now = now.addingTimeInterval(0.01)
            throttle.begin("sprayed-\(i)", at: now)
            throttle.finish("sprayed-\(i)", .failed, at: now, resetOnSuccess: true)
            if i % 10 == 0 {
                throttle.begin("victim", at: now)
                throttle.finish("victim", .failed, at: now, resetOnSuccess: true)
            }
            #expect(throttle.trackedKeys <= 101)
        }
        #expect(throttle.failures("victim", at: now) == 100, "the recently failing key survives eviction")
        #expect(throttle.failures("sprayed-0", at: now) == 0, "the oldest sprayed keys were dropped")
    }

    @Test func theGuardRefusesALockedAccountWithoutCheckingAndSuccessResetsIt() async throws {
        let clock = TestClock()
        let guardian = SignInGuard(
            settings: SignInSettings(
                account: .init(freeFailures: 2, baseDelay: 5, maximumDelay: 60, forgetAfter: 600),
                address: .init(freeFailures: 4, baseDelay: 5, maximumDelay: 60, forgetAfter: 600)),
            now: { clock.now })
        for _ in 0..<2 {
            let attempt = try await guardian.begin(email: " Ann@Example.com ", address: "10.0.0.1")
            await guardian.finish(attempt, .failed)
        }
        await #expect(throws: SignInRefusal(.throttled, retryAfter: 5)) {
            try await guardian.begin(email: "ann@example.com", address: "10.0.0.2")
        }
        clock.advance(5)
        let attempt = try await guardian.begin(email: "ann@example.com", address: "10.0.0.1")
        await guardian.finish(attempt, .succeeded)
        #expect(await guardian.failures(email: "ann@example.com", address: "10.0.0.1") == (0, 2))

        // The address fills up across different accounts.
        for i in 0..<2 {
            let attempt = try await guardian.begin(email: "x\(i)@example.com", address: "10.0.0.1")
            await guardian.finish(attempt, .failed)
        }
        await #expect(throws: SignInRefusal(.throttled, retryAfter: 5)) {
            try await guardian.begin(email: "ann@example.com", address: "10.0.0.1")
        }
        _ = try await guardian.begin(email: "ann@example.com", address: "10.0.0.2")
    }

    @Test func lockedOutAnswersAreHeldBackBoundedInTimeAndNumber() async throws {
        // Generous margins: the whole suite runs in parallel on two cores.
        let guard_ = SignInGuard(settings: SignInSettings(refusalDelay: 3, maximumHeldRefusals: 2))
        let clock = ContinuousClock()
        let held = await clock.measure { await guard_.holdBack(SignInRefusal(.throttled, retryAfter: 600)) }
        #expect(held >= .milliseconds(2_900) && held < .seconds(60), "held \(held): capped at 3 s, not the 600 s lock")
        // The delay itself, exactly; wall-clock sleeps overshoot on a loaded machine.
        #expect(guard_.holdBackDelay(for: SignInRefusal(.throttled, retryAfter: 600)) == 3)
        #expect(guard_.holdBackDelay(for: SignInRefusal(.throttled, retryAfter: 1)) == 1, "no longer than its 1 s lock")
        #expect(guard_.holdBackDelay(for: SignInRefusal(.busy, retryAfter: 1)) == 0)
        let short = await clock.measure { await guard_.holdBack(SignInRefusal(.throttled, retryAfter: 1)) }
        #expect(short >= .milliseconds(900), "held \(short): the whole of its 1 s lock")
        let busy = await clock.measure { await guard_.holdBack(SignInRefusal(.busy, retryAfter: 1)) }
        #expect(busy < .milliseconds(900), "busy refusals are answered at once")
        // Two held at once fill the ceiling; a third is answered at once.
        async let first: Void = guard_.holdBack(SignInRefusal(.throttled, retryAfter: 600))
        async let second: Void = guard_.holdBack(SignInRefusal(.throttled, retryAfter: 600))
        for _ in 0..<100 where guard_.heldRefusals < 2 { try await Task.sleep(for: .milliseconds(20)) }
        #expect(guard_.heldRefusals == 2)
        let third = await clock.measure { await guard_.holdBack(SignInRefusal(.throttled, retryAfter: 600)) }
        #expect(third < .milliseconds(1_500))
        _ = await (first, second)
        #expect(guard_.heldRefusals == 0)
    }

    @Test func aPasswordResetLiftsTheAccountsLockOut() async throws {
        let guardian = SignInGuard(
            settings: SignInSettings(
                account: .init(freeFailures: 1, baseDelay: 60, maximumDelay: 60, forgetAfter: 600)))
        let attempt = try await guardian.begin(email: "ann@example.com", address: "10.0.0.1")
        await guardian.finish(attempt, .failed)
        await #expect(throws: SignInRefusal.self) { try await guardian.begin(email: "ann@example.com", address: nil) }
        await guardian.forget(email: "ANN@example.com")
        _ = try await guardian.begin(email: "ann@example.com", address: nil)
        #expect(await guardian.failures(email: "ann@example.com", address: "10.0.0.1") == (0, 1))
    }

    @Test func thePoolBoundsRunningAndWaitingChecks() async throws {
        let pool = PasswordCheckPool(maximumConcurrent: 1, maximumWaiting: 1)
        let gate = Shared(false)
        let slow: @Sendable () -> Int = {
            while !gate.current { usleep(1_000) }
            return 1
        }
        async let first = pool.run(slow)
        async let second = pool.run(slow)
        while await pool.load != (1, 1) { try await Task.sleep(for: .milliseconds(5)) }
        await #expect(throws: SignInRefusal(.busy, retryAfter: 1)) { try await pool.run { 3 } }
        gate.update { $0 = true }
        #expect(try await first + second == 2)
        #expect(await pool.load == (0, 0))
    }

    #if os(Linux)
    @Test func checksRunBelowNormalPriority() async throws {
        let pool = PasswordCheckPool(maximumConcurrent: 1, maximumWaiting: 0, niceness: 10)
        let nice = try await pool.run { getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0) }
        #expect(nice == 10)
        #expect(getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0) == 0, "only the pool's thread is lowered")
    }
    #endif

    @Test func checksDoNotOccupyTheCooperativePool() async throws {
        // As many blocking checks as there are cores, each waiting for a new
        // task to open a gate: run on the cooperative pool they would hold
        // every one of its threads, the task could never start, and each
        // check would give up after its bound instead of seeing the gate.
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let pool = PasswordCheckPool(maximumConcurrent: cores, maximumWaiting: 0)
        let started = Shared(0)
        let gate = Shared(false)
        let sawGate: [Bool] = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<cores {
                group.addTask {
                    try await pool.run {
                        started.update { $0 += 1 }
                        for _ in 0..<30_000 where !gate.current { usleep(1_000) }
                        return gate.current
                    }
                }
            }
            while started.current < cores { try await Task.sleep(for: .milliseconds(5)) }
            await Task { gate.update { $0 = true } }.value
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(sawGate == Array(repeating: true, count: cores), "a new task ran while every check slot was busy")
    }
}
