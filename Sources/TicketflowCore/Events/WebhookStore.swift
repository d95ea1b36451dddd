import Foundation

/// Webhook subscriptions and their delivery log. Several nodes may run the
/// dispatcher: a subscription is leased to one of them at a time, so its
/// events go out once and in order.
public protocol WebhookStore: Sendable {
    /// Stores a new subscription that starts after the newest event so far.
    func createWebhook(
        url: String, eventTypes: [IntegrationEventType], secret: String, format: WebhookFormat, at now: Date
    ) async throws
        -> WebhookSubscription

    /// Every subscription, oldest first.
    func webhooks() async throws -> [WebhookSubscription]

    /// One subscription, or nil.
    func webhook(id: Int64) async throws -> WebhookSubscription?

    /// Deletes a subscription and its log; false when there was none.
    func deleteWebhook(id: Int64) async throws -> Bool

    /// Saves the state an admin or `WebhookRules` decided (enabled, reason,
    /// cursor, failures, next attempt). False when there is no such subscription.
    func saveWebhookState(_ subscription: WebhookSubscription) async throws -> Bool

    /// Leases up to `limit` enabled subscriptions that are due and have events
    /// after their cursor, with their signing secrets. A lease left by a
    /// crashed node runs out after `leaseSeconds`.
    func claimDueWebhooks(
        worker: String, leaseSeconds: Double, limit: Int, at now: Date
    ) async throws
        -> [LeasedWebhook]

    /// In one transaction: the attempts are logged, the subscription takes
    /// `state` and the lease is released. False when the lease was lost.
    func settleWebhook(_ state: WebhookSubscription, attempts: [WebhookAttempt], worker: String) async throws -> Bool

    /// The newest attempts of a subscription, newest first.
    func webhookAttempts(subscriptionID: Int64, limit: Int) async throws -> [WebhookAttempt]
}

/// A subscription leased to one dispatcher, with what it needs to sign.
public struct LeasedWebhook: Sendable, Equatable {
    public var subscription: WebhookSubscription
    public var secret: String

    public init(subscription: WebhookSubscription, secret: String) {
        self.subscription = subscription
        self.secret = secret
    }
}

extension WebhookStore {
    /// A subscription that receives the events as JSON.
    public func createWebhook(
        url: String, eventTypes: [IntegrationEventType], secret: String, at now: Date
    ) async throws -> WebhookSubscription {
        try await createWebhook(url: url, eventTypes: eventTypes, secret: secret, format: .ticketflow, at: now)
    }
}
