import Foundation
import TicketflowCore

/// At most `limit` auto-answers per sender in any sliding `window`, so two auto-responders cannot answer each
/// other forever and one sender cannot make the bot spam. A value: the poller owns one per mailbox.
///
/// Memory stays bounded: senders whose window has passed are forgotten (swept at most once per window), and
/// when `maximumSenders` are still tracked the least recently answered one is dropped (it may then get
/// `limit` answers again, which a cap that large makes harmless).
public struct SenderRateLimit: Sendable, Equatable {
    /// Auto-answers allowed per sender per window.
    public let limit: Int
    /// The sliding window.
    public let window: TimeInterval
    /// Most senders remembered at once.
    public let maximumSenders: Int
    private var answered: [EmailAddress: [Date]] = [:]
    private var lastSweep: Date?

    /// Creates a limit: by default 5 auto-answers per sender per hour, remembering at most 10,000 senders.
    public init(limit: Int = 5, window: TimeInterval = 3600, maximumSenders: Int = 10_000) {
        self.limit = max(0, limit)
        self.window = max(0, window)
        self.maximumSenders = max(1, maximumSenders)
    }

    /// How many senders are remembered now.
    public var trackedSenders: Int { answered.count }

    /// Whether `sender` may get an auto-answer at `now`, without counting one.
    public func allows(_ sender: EmailAddress, now: Date) -> Bool {
        recent(answered[sender] ?? [], now: now).count < limit
    }

    /// Counts an auto-answer to `sender` at `now` when the limit allows one; returns whether it did.
    public mutating func take(_ sender: EmailAddress, now: Date) -> Bool {
        sweepIfDue(now: now)
        var times = recent(answered[sender] ?? [], now: now)
        guard times.count < limit else {
            answered[sender] = times.isEmpty ? nil : times
            return false
        }
        if answered[sender] == nil, answered.count >= maximumSenders { evictOne(now: now) }
        times.append(now)
        answered[sender] = times
        return true
    }

    /// The answers still inside the window at `now` (one from a clock that went back counts, to be safe).
    private func recent(_ times: [Date], now: Date) -> [Date] {
        times.filter { now.timeIntervalSince($0) < window }
    }

    /// Forgets every sender whose window has passed, at most once per window so `take` stays cheap.
    private mutating func sweepIfDue(now: Date) {
        if let lastSweep, now.timeIntervalSince(lastSweep) < window, now >= lastSweep { return }
        lastSweep = now
        answered = answered.compactMapValues { times in
            let kept = recent(times, now: now)
            return kept.isEmpty ? nil : kept
        }
    }

    /// Makes room for one more sender: expired ones first, else the least recently answered.
    private mutating func evictOne(now: Date) {
        lastSweep = nil
        sweepIfDue(now: now)
        guard answered.count >= maximumSenders else { return }
        let oldest = answered.min { ($0.value.last ?? .distantPast) < ($1.value.last ?? .distantPast) }
        if let oldest { answered[oldest.key] = nil }
    }
}
