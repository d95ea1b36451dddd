import Foundation

/// An admin's subscription: events of the chosen types are POSTed, signed,
/// one at a time and in feed order, to `url`.
public struct WebhookSubscription: Codable, Sendable, Equatable {
    public var id: Int64
    public var url: String
    /// Types delivered; empty means every type.
    public var eventTypes: [IntegrationEventType]
    public var enabled: Bool
    /// Why it was turned off (by an admin, or after repeated failures).
    public var disabledReason: String?
    /// The last event it has settled (delivered, or skipped as not wanted).
    public var cursor: Int64
    /// Failed attempts since the last success.
    public var consecutiveFailures: Int
    /// When the next attempt may run (after a failure, the backoff).
    public var nextAttemptAt: Date
    public var createdAt: Date
    /// The body it is sent: the event as JSON, or a chat message (`slack`).
    public var format: WebhookFormat = .ticketflow

    public init(
        id: Int64, url: String, eventTypes: [IntegrationEventType], enabled: Bool, disabledReason: String?,
        cursor: Int64, consecutiveFailures: Int, nextAttemptAt: Date, createdAt: Date,
        format: WebhookFormat = .ticketflow
    ) {
        self.format = format
        self.id = id
        self.url = url
        self.eventTypes = eventTypes
        self.enabled = enabled
        self.disabledReason = disabledReason
        self.cursor = cursor
        self.consecutiveFailures = consecutiveFailures
        self.nextAttemptAt = nextAttemptAt
        self.createdAt = createdAt
    }

    /// Whether this subscription receives events of `type`.
    public func wants(_ type: IntegrationEventType) -> Bool { eventTypes.isEmpty || eventTypes.contains(type) }

    enum CodingKeys: String, CodingKey {
        case id, url, enabled, cursor
        case eventTypes = "events"
        case disabledReason = "disabled_reason"
        case consecutiveFailures = "consecutive_failures"
        case nextAttemptAt = "next_attempt_at"
        case createdAt = "created_at"
        case format
    }
}

/// What a webhook's requests carry.
public enum WebhookFormat: String, Codable, Sendable, CaseIterable {
    /// The event as `GET /v1/events` shows it, signed (`Ticketflow-Signature`).
    case ticketflow
    /// `{"text": "..."}`, the body Slack's incoming webhooks take (and Mattermost, Rocket.Chat and others that
    /// accept the same shape): a sentence a person reads in a chat channel.
    case slack
}

/// One attempt to deliver one event, kept for the subscription's delivery log.
public struct WebhookAttempt: Codable, Sendable, Equatable {
    public var id: Int64
    public var subscriptionID: Int64
    public var eventID: Int64
    public var eventType: IntegrationEventType
    /// The receiver's HTTP status; nil when no response came (refused, timeout).
    public var statusCode: Int?
    /// What went wrong; nil for a 2xx.
    public var error: String?
    public var durationMs: Double
    public var createdAt: Date

    public init(
        id: Int64, subscriptionID: Int64, eventID: Int64, eventType: IntegrationEventType, statusCode: Int?,
        error: String?, durationMs: Double, createdAt: Date
    ) {
        self.id = id
        self.subscriptionID = subscriptionID
        self.eventID = eventID
        self.eventType = eventType
        self.statusCode = statusCode
        self.error = error
        self.durationMs = durationMs
        self.createdAt = createdAt
    }

    /// Whether the receiver took the event.
    public var succeeded: Bool { error == nil }

    enum CodingKeys: String, CodingKey {
        case id, error
        case subscriptionID = "subscription_id"
        case eventID = "event_id"
        case eventType = "event_type"
        case statusCode = "status_code"
        case durationMs = "duration_ms"
        case createdAt = "created_at"
    }
}
