import Foundation

/// Exponential backoff with jitter for retries: many callers failing together
/// (an LLM outage) spread their retries instead of hammering it in step. The
/// one backoff rule: job retries, LLM calls and the embeddings probe use it.
public struct RetryBackoff: Sendable, Equatable {
    /// Delay after the first failed attempt, in seconds.
    public var baseSeconds: Double
    /// Upper bound of the delay before jitter, in seconds.
    public var maximumSeconds: Double
    /// Fraction of the delay added or removed at random (0.2 = ±20%).
    public var jitter: Double

    /// A backoff of `baseSeconds`, doubling per attempt up to `maximumSeconds`.
    public init(baseSeconds: Double = 2, maximumSeconds: Double = 300, jitter: Double = 0.2) {
        self.baseSeconds = baseSeconds
        self.maximumSeconds = maximumSeconds
        self.jitter = min(max(jitter, 0), 1)
    }

    /// The delay before jitter: `baseSeconds` doubled per earlier failure, capped.
    public func exponentialSeconds(afterAttempt attempt: Int) -> Double {
        let exponent = Double(max(0, min(attempt - 1, 30)))
        return min(maximumSeconds, baseSeconds * pow(2, exponent))
    }

    /// Seconds to wait after attempt number `attempt` (1-based) failed;
    /// `unitRandom` in 0...1 picks the jitter (0.5 means none).
    public func delay(afterAttempt attempt: Int, unitRandom: Double) -> Double {
        let raw = exponentialSeconds(afterAttempt: attempt)
        let spread = (min(max(unitRandom, 0), 1) * 2 - 1) * jitter
        return max(0, raw * (1 + spread))
    }

    /// "Equal jitter": half the exponential delay fixed, the other half picked
    /// by `unitRandom` in 0...1, so a retry never comes sooner than half the
    /// delay (`jitter` is not used). For calls a client retries in-line.
    public func equalJitterDelay(afterAttempt attempt: Int, unitRandom: Double) -> Double {
        let exponential = exponentialSeconds(afterAttempt: attempt)
        return exponential / 2 + min(max(unitRandom, 0), 1) * (exponential / 2)
    }
}
