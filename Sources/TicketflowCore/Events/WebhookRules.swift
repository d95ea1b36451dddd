import Foundation

/// What happens to a subscription after a delivery attempt, decided once for
/// both stores: success moves the cursor and clears the failures; a failure
/// keeps the cursor (events go out in order, so later ones wait), schedules
/// the retry with backoff, and turns the subscription off after too many.
public struct WebhookRules: Sendable, Equatable {
    /// Backoff between attempts: 10 s doubling to an hour.
    public var backoff: RetryBackoff
    /// Failed attempts in a row after which the subscription is turned off.
    /// With the default backoff, 16 failed attempts span about seven and a half hours (before jitter).
    public var disableAfterFailures: Int

    public init(
        backoff: RetryBackoff = RetryBackoff(baseSeconds: 10, maximumSeconds: 3600), disableAfterFailures: Int = 16
    ) {
        self.backoff = backoff
        self.disableAfterFailures = max(1, disableAfterFailures)
    }

    /// The subscription after events up to `through` were settled (delivered or not wanted).
    public func afterSuccess(
        _ subscription: WebhookSubscription, through eventID: Int64, at now: Date
    )
        -> WebhookSubscription
    {
        var next = subscription
        next.cursor = max(subscription.cursor, eventID)
        next.consecutiveFailures = 0
        next.nextAttemptAt = now
        return next
    }

    /// The subscription after a failed attempt; `unitRandom` in 0...1 picks the jitter.
    public func afterFailure(
        _ subscription: WebhookSubscription, reason: String, at now: Date, unitRandom: Double
    ) -> WebhookSubscription {
        var next = subscription
        next.consecutiveFailures += 1
        next.nextAttemptAt = now.addingTimeInterval(
            backoff.delay(afterAttempt: next.consecutiveFailures, unitRandom: unitRandom))
        if next.consecutiveFailures >= disableAfterFailures {
            next.enabled = false
            next.disabledReason =
                "turned off after \(next.consecutiveFailures) failed attempts in a row; last: \(reason)"
        }
        return next
    }

    /// An admin turns it back on: it retries at once, from where it stopped.
    public func enabled(_ subscription: WebhookSubscription, at now: Date) -> WebhookSubscription {
        var next = subscription
        next.enabled = true
        next.disabledReason = nil
        next.consecutiveFailures = 0
        next.nextAttemptAt = now
        return next
    }
}
