import Foundation

/// How sign-in is protected against password guessing: lock-outs per
/// account and per client address, and a bound on concurrent bcrypt checks.
/// The defaults suit a small box; the composition root may override them.
public struct SignInSettings: Sendable, Equatable {
    /// Lock-outs per account (the email signed in with, known or not).
    public var account: SignInThrottle.Policy
    /// Lock-outs per client address (IPv6 by /64, so one host cannot rotate addresses).
    public var address: SignInThrottle.Policy
    /// Accounts and addresses remembered at most, each.
    public var maximumTrackedKeys: Int
    /// Password checks that may run at once; by default half the cores, at least 1.
    public var maximumConcurrentChecks: Int
    /// Password checks that may wait for a slot before more are refused as busy.
    public var maximumWaitingChecks: Int
    /// Take the client address from the last `X-Forwarded-For` entry instead
    /// of the socket. Only for a server reachable solely through a reverse
    /// proxy that sets that header; otherwise anyone could pick an address.
    public var trustForwardedFor: Bool
    /// Longest time a locked-out attempt's answer is held back (never longer than its lock).
    /// A guesser that waits for each answer then gets at most one guess a second per
    /// connection, instead of thousands of cheap 429s that would load the box like a flood.
    public var refusalDelay: TimeInterval
    /// Refusals held back at once; past this they are answered at once, so a flood
    /// of connections cannot pile up held requests.
    public var maximumHeldRefusals: Int

    /// Settings; every value has a default.
    public init(
        account: SignInThrottle.Policy = .account, address: SignInThrottle.Policy = .address,
        maximumTrackedKeys: Int = 10_000,
        maximumConcurrentChecks: Int = max(1, ProcessInfo.processInfo.activeProcessorCount / 2),
        maximumWaitingChecks: Int = 8, trustForwardedFor: Bool = false,
        refusalDelay: TimeInterval = 1, maximumHeldRefusals: Int = 256
    ) {
        self.refusalDelay = refusalDelay
        self.maximumHeldRefusals = maximumHeldRefusals
        self.account = account
        self.address = address
        self.maximumTrackedKeys = maximumTrackedKeys
        self.maximumConcurrentChecks = maximumConcurrentChecks
        self.maximumWaitingChecks = maximumWaitingChecks
        self.trustForwardedFor = trustForwardedFor
    }
}
