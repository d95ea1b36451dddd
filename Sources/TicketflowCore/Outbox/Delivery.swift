import Foundation

/// Where an outgoing message is on its way to the customer. `sent` means the
/// channel accepted it (an SMTP server's 250), nothing less.
public enum DeliveryStatus: String, Codable, Sendable, CaseIterable {
    case queued, sent, failed
}

/// Where a message should go, decided before it is stored (see `OutboxPolicy`).
public struct DeliveryAddress: Sendable, Equatable {
    public var channel: Channel
    /// The customer's address on that channel (an email address for `email`).
    public var recipient: String

    public init(channel: Channel, recipient: String) {
        self.channel = channel
        self.recipient = recipient
    }
}

/// One outgoing message's delivery, stored with the message in the same
/// transaction together with the job that sends it: the durable outbox.
public struct Delivery: Codable, Sendable, Equatable {
    public var id: Int64
    public var messageID: Int64
    public var ticketID: Int64
    public var channel: Channel
    public var recipient: String
    public var status: DeliveryStatus
    /// Send attempts so far.
    public var attempts: Int
    /// Why the last attempt failed (kept after a later success is not needed: cleared).
    public var lastError: String?
    /// The channel's own id for what was sent (an email's Message-ID).
    public var providerID: String?
    public var sentAt: Date?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Int64, messageID: Int64, ticketID: Int64, channel: Channel, recipient: String, status: DeliveryStatus,
        attempts: Int, lastError: String?, providerID: String?, sentAt: Date?, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.messageID = messageID
        self.ticketID = ticketID
        self.channel = channel
        self.recipient = recipient
        self.status = status
        self.attempts = attempts
        self.lastError = lastError
        self.providerID = providerID
        self.sentAt = sentAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The idempotency key a channel may pass on (e.g. in a Message-ID), the
    /// same for every attempt of this delivery.
    public var idempotencyKey: String { "ticketflow-delivery-\(id)" }

    enum CodingKeys: String, CodingKey {
        case id, channel, recipient, status, attempts
        case messageID = "message_id"
        case ticketID = "ticket_id"
        case lastError = "last_error"
        case providerID = "provider_id"
        case sentAt = "sent_at"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }
}
