import Foundation

/// Counts failed sign-ins per key (an account or a client address) and locks
/// a key out for a growing time once it has failed too often: after
/// `freeFailures` failures each further failure doubles the wait, from
/// `baseDelay` up to `maximumDelay`. A locked key is refused before any
/// password is checked, so a guesser cannot make the server run bcrypt.
///
/// Pure state with the time passed in, so tests drive it with a fixed clock.
/// Hand-written because none of the kept libraries (Hummingbird,
/// hummingbird-auth, swift-nio) has a rate limiter or lock-out, and the rule
/// here (charge in-flight attempts, refund successes, bounded memory) is small.
public struct SignInThrottle: Sendable {
    /// How one kind of key is throttled.
    public struct Policy: Sendable, Equatable {
        /// Failures allowed before the first lock-out.
        public var freeFailures: Int
        /// The first lock-out; each further failure doubles it.
        public var baseDelay: TimeInterval
        /// The longest lock-out.
        public var maximumDelay: TimeInterval
        /// A key whose last lock-out ended this long ago starts again from zero.
        public var forgetAfter: TimeInterval

        /// A policy; values are clamped to sensible minimums.
        public init(freeFailures: Int, baseDelay: TimeInterval, maximumDelay: TimeInterval, forgetAfter: TimeInterval) {
            self.freeFailures = max(1, freeFailures)
            self.baseDelay = max(0.001, baseDelay)
            self.maximumDelay = max(self.baseDelay, maximumDelay)
            self.forgetAfter = max(0, forgetAfter)
        }

        /// Accounts: five tries, then 1 s, 2 s, 4 s ... up to 15 minutes.
        public static let account = Policy(freeFailures: 5, baseDelay: 1, maximumDelay: 900, forgetAfter: 3600)
        /// Addresses: more room (an office behind one NAT shares it), the same growth.
        public static let address = Policy(freeFailures: 20, baseDelay: 1, maximumDelay: 900, forgetAfter: 3600)

        /// The lock-out after `failures` failures; zero below the free allowance.
        public func delay(afterFailures failures: Int) -> TimeInterval {
            guard failures >= freeFailures else { return 0 }
            // 2^20 s is already far past any cap; stop doubling there.
            let doublings = min(failures - freeFailures, 20)
            return min(maximumDelay, baseDelay * Double(1 << doublings))
        }
    }

    /// Whether an attempt may go ahead.
    public enum Decision: Sendable, Equatable {
        /// Check the password, then report the outcome with `finish`.
        case allowed
        /// Refused without checking; the key may try again after this many seconds.
        case locked(retryAfter: TimeInterval)
    }

    /// What became of an allowed attempt.
    public enum Outcome: Sendable, Equatable {
        /// The password matched: the account starts again from zero.
        case succeeded
        /// Wrong email or password: counts against both keys.
        case failed
        /// No answer either way (the store was down, the server was busy): not counted.
        case abandoned
    }

    struct Entry: Sendable {
        var failures = 0
        var lastFailure = Date.distantPast
        /// Allowed attempts not finished yet; they count towards the allowance
        /// so a burst of parallel guesses cannot all slip in before the first fails.
        var inFlight = 0
    }

    /// How one kind of key is throttled.
    public let policy: Policy
    /// The most keys kept; beyond it, forgotten and then the longest-quiet keys are dropped.
    public let maximumKeys: Int
    private(set) var entries: [String: Entry] = [:]

    /// An empty throttle.
    public init(policy: Policy, maximumKeys: Int = 10_000) {
        self.policy = policy
        self.maximumKeys = max(1, maximumKeys)
    }

    /// How many keys are remembered (for tests of the memory bound).
    public var trackedKeys: Int { entries.count }

    /// Failures counted against `key` now (zero once forgotten).
    public func failures(_ key: String, at now: Date) -> Int {
        guard let entry = entries[key], !isForgotten(entry, at: now) else { return 0 }
        return entry.failures
    }

    /// Whether `key` may try now, without recording anything.
    public func decision(_ key: String, at now: Date) -> Decision {
        guard let entry = entries[key], !isForgotten(entry, at: now) else { return .allowed }
        let lockedUntil = entry.lastFailure.addingTimeInterval(policy.delay(afterFailures: entry.failures))
        if now < lockedUntil { return .locked(retryAfter: lockedUntil.timeIntervalSince(now)) }
        // Attempts already running use up what is left of the allowance; past
        // it, one attempt at a time.
        if entry.inFlight > 0, entry.failures + entry.inFlight >= policy.freeFailures {
            return .locked(retryAfter: policy.baseDelay)
        }
        return .allowed
    }

    /// Records the start of an attempt the decision allowed.
    public mutating func begin(_ key: String, at now: Date) {
        var entry = current(key, at: now)
        entry.inFlight += 1
        entries[key] = entry
        evictIfFull(at: now)
    }

    /// Records how an attempt begun with `begin` ended.
    public mutating func finish(_ key: String, _ outcome: Outcome, at now: Date, resetOnSuccess: Bool) {
        var entry = current(key, at: now)
        entry.inFlight = max(0, entry.inFlight - 1)
        switch outcome {
        case .failed:
            entry.failures += 1
            entry.lastFailure = now
        case .succeeded where resetOnSuccess:
            entry.failures = 0
        case .succeeded, .abandoned:
            break
        }
        if entry.failures == 0, entry.inFlight == 0 {
            entries[key] = nil
        } else {
            entries[key] = entry
        }
    }

    /// Clears the failures of `key` (an admin set a new password for the account).
    public mutating func forget(_ key: String) {
        guard var entry = entries[key] else { return }
        entry.failures = 0
        entries[key] = entry.inFlight == 0 ? nil : entry
    }

    private func current(_ key: String, at now: Date) -> Entry {
        guard let entry = entries[key] else { return Entry() }
        guard isForgotten(entry, at: now) else { return entry }
        return Entry(inFlight: entry.inFlight)
    }

    private func isForgotten(_ entry: Entry, at now: Date) -> Bool {
        guard entry.inFlight == 0 else { return false }
        let quietFrom = entry.lastFailure.addingTimeInterval(policy.delay(afterFailures: entry.failures))
        return now >= quietFrom.addingTimeInterval(policy.forgetAfter)
    }

    /// Keeps memory bounded against a guesser spraying made-up emails or
    /// addresses: drop what is forgotten anyway, then the keys quiet longest
    /// (a key under attack failed recently, so it stays). Trimming to 90 %
    /// keeps the sort rare.
    private mutating func evictIfFull(at now: Date) {
        guard entries.count > maximumKeys else { return }
        entries = entries.filter { !isForgotten($0.value, at: now) }
        let target = maximumKeys * 9 / 10
        guard entries.count > target else { return }
        let idle = entries.filter { $0.value.inFlight == 0 }.sorted { $0.value.lastFailure < $1.value.lastFailure }
        for (key, _) in idle.prefix(entries.count - target) { entries[key] = nil }
    }
}
