import Foundation
import Synchronization

/// The shared sign-in state of one server: an account throttle, an address
/// throttle and the password-check pool. `AccountService.logIn` asks it
/// before checking a password and tells it the outcome after.
public actor SignInGuard {
    /// One allowed attempt, to be finished with `finish`.
    public struct Attempt: Sendable {
        let account: String
        let address: String?
    }

    /// The limits in force.
    public nonisolated let settings: SignInSettings
    /// Where password checks run.
    public nonisolated let checks: PasswordCheckPool
    private var accounts: SignInThrottle
    private var addresses: SignInThrottle
    private let now: @Sendable () -> Date
    /// Refusals being held back now (see `holdBack`).
    private nonisolated let held = HeldRefusals()

    /// A guard with `settings`; `now` is the clock (tests fix it).
    public init(settings: SignInSettings = SignInSettings(), now: @escaping @Sendable () -> Date = Date.init) {
        self.settings = settings
        self.now = now
        checks = PasswordCheckPool(
            maximumConcurrent: settings.maximumConcurrentChecks, maximumWaiting: settings.maximumWaitingChecks)
        accounts = SignInThrottle(policy: settings.account, maximumKeys: settings.maximumTrackedKeys)
        addresses = SignInThrottle(policy: settings.address, maximumKeys: settings.maximumTrackedKeys)
    }

    /// Admits an attempt for `email` from `address` (nil when unknown), or
    /// throws a throttled `SignInRefusal` without any password being checked.
    public func begin(email: String, address: String?) throws -> Attempt {
        let at = now()
        let attempt = Attempt(account: Self.accountKey(email), address: address)
        var wait: TimeInterval = 0
        if case .locked(let seconds) = accounts.decision(attempt.account, at: at) { wait = seconds }
        if let address, case .locked(let seconds) = addresses.decision(address, at: at) { wait = max(wait, seconds) }
        guard wait == 0 else { throw SignInRefusal(.throttled, retryAfter: wait) }
        accounts.begin(attempt.account, at: at)
        if let address { addresses.begin(address, at: at) }
        return attempt
    }

    /// Records how an admitted attempt ended. A success clears the account's
    /// failures but not the address's: otherwise a guesser with one account
    /// of their own could sign in with it now and then to keep guessing others.
    public func finish(_ attempt: Attempt, _ outcome: SignInThrottle.Outcome) {
        let at = now()
        accounts.finish(attempt.account, outcome, at: at, resetOnSuccess: true)
        if let address = attempt.address { addresses.finish(address, outcome, at: at, resetOnSuccess: false) }
    }

    /// Holds back the answer to a locked-out attempt for a growing delay (its
    /// lock, at most `settings.refusalDelay`), without using a thread: the
    /// "growing delays" of the throttle. Busy refusals and refusals past
    /// `settings.maximumHeldRefusals` are answered at once.
    public nonisolated func holdBack(_ refusal: SignInRefusal) async {
        let delay = holdBackDelay(for: refusal)
        guard delay > 0, held.enter(limit: settings.maximumHeldRefusals) else { return }
        defer { held.leave() }
        try? await Task.sleep(for: .seconds(delay))
    }

    /// How long `holdBack` keeps a refusal: its lock, at most `settings.refusalDelay`; 0 for busy refusals.
    public nonisolated func holdBackDelay(for refusal: SignInRefusal) -> TimeInterval {
        guard refusal.code == .throttled else { return 0 }
        return max(0, min(Double(refusal.retryAfter), settings.refusalDelay))
    }

    /// Refusals held back right now (for tests and diagnostics).
    public nonisolated var heldRefusals: Int { held.count }

    /// Lifts an account's lock-out: after an admin sets a new password the
    /// person can sign in at once. Addresses keep their counts.
    public func forget(email: String) {
        accounts.forget(Self.accountKey(email))
    }

    /// Failures counted now against an email and an address (for tests and diagnostics).
    public func failures(email: String, address: String?) -> (account: Int, address: Int) {
        let at = now()
        return (accounts.failures(Self.accountKey(email), at: at), address.map { addresses.failures($0, at: at) } ?? 0)
    }

    /// Accounts and addresses remembered now.
    public var trackedKeys: (accounts: Int, addresses: Int) { (accounts.trackedKeys, addresses.trackedKeys) }

    /// A counter with a ceiling, shared by the tasks holding refusals back.
    final class HeldRefusals: Sendable {
        private let value = Mutex(0)

        func enter(limit: Int) -> Bool {
            value.withLock { count in
                guard count < limit else { return false }
                count += 1
                return true
            }
        }

        func leave() { value.withLock { $0 -= 1 } }

        var count: Int { value.withLock { $0 } }
    }

    /// The account key: the email as the store matches it, cut to the
    /// longest email there can be so a huge form field costs no memory.
    static func accountKey(_ email: String) -> String {
        String(email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased().prefix(254))
    }
}
