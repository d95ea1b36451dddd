import Foundation

/// Which outgoing messages go out, and to whom: AI answers and agent replies
/// on tickets whose channel has a delivery adapter configured, to the
/// customer's address on that channel. Decided once here for every path that
/// writes a reply (intake, queued answers, agent actions).
public struct OutboxPolicy: Sendable, Equatable {
    /// Channels with a delivery adapter (e.g. `email` when SMTP is set up).
    public var channels: Set<Channel>
    /// Sent to the customer when a new ticket is handed to a person, so they
    /// know a human will answer; nil sends nothing.
    public var escalationAcknowledgement: String?

    /// No channels: replies are recorded, nothing is sent (the default until an adapter is configured).
    public init(channels: Set<Channel> = [], escalationAcknowledgement: String? = nil) {
        self.channels = channels
        self.escalationAcknowledgement = escalationAcknowledgement.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The acknowledgement for a new ticket that waits for a person, addressed
    /// to the customer; nil when none is configured, the ticket is answered, or
    /// its channel cannot be delivered to.
    public func acknowledgement(for ticket: Ticket, customerEmail: String?, at now: Date) -> NewMessage? {
        // A chat customer is told in the widget, which says more (who answers, the wait).
        guard let text = escalationAcknowledgement, ticket.status == .awaitingReview || ticket.status == .escalated,
            ticket.channel != .chat, let address = address(for: ticket.channel, email: customerEmail)
        else { return nil }
        return NewMessage(author: .system, body: text, createdAt: now, delivery: address)
    }

    /// The job kind that delivers one message.
    public static let jobKind = "deliver.message"

    /// `messages` with a delivery address on each one that should go out.
    /// A chat's AI answers reach the customer in the widget only; a person's reply, which may come
    /// after the customer left, also goes by email when they left an address for it.
    public func addressing(_ messages: [NewMessage], ticket: Ticket, customerEmail: String?) -> [NewMessage] {
        guard let address = address(for: ticket.channel, email: customerEmail) else { return messages }
        return messages.map { message in
            var message = message
            let sends = message.author == .agent || (message.author == .ai && ticket.channel != .chat)
            if sends, message.delivery == nil { message.delivery = address }
            return message
        }
    }

    /// Where a reply on a `channel` ticket is delivered, when it can be: email tickets and chats
    /// whose customer left an address go by email.
    func address(for channel: Channel, email: String?) -> DeliveryAddress? {
        switch channel {
        case .email, .chat:
            guard channels.contains(.email), let email = email.flatMap({ EmailAddress($0)?.value }) else { return nil }
            return DeliveryAddress(channel: .email, recipient: email)
        case .api, .webhook: return nil
        }
    }
}

/// The outbox's storage port. The delivery row and its job are written by
/// the stores together with the message (see `NewMessage.delivery`); this
/// reads them and records what the channel said.
public protocol OutboxStore: Sendable {
    /// One delivery, or nil.
    func delivery(id: Int64) async throws -> Delivery?

    /// Records an attempt's outcome: `sent` with the channel's id, `failed`
    /// with the reason, or `queued` with the reason of a failure to be retried.
    /// Returns the delivery as stored, or nil when there is none.
    func recordDeliveryAttempt(
        id: Int64, status: DeliveryStatus, error: String?, providerID: String?, at now: Date
    ) async throws -> Delivery?

    /// In one transaction: `delivery` back to `queued` and `job` enqueued, only while it is
    /// still failed. False when it was not (sent again meanwhile, or gone).
    func requeueFailedDelivery(_ delivery: Delivery, job: NewJob, at now: Date) async throws -> Bool
}

extension OutboxStore {
    /// Puts a failed delivery back in the queue with a fresh job (`DeliveryJobs`). Nil when there is
    /// no such delivery; the delivery as it is when it was not failed (only a failed one is sent again).
    public func redeliver(id: Int64, at now: Date) async throws -> Delivery? {
        guard let current = try await delivery(id: id) else { return nil }
        guard current.status == .failed else { return current }
        _ = try await requeueFailedDelivery(current, job: DeliveryJobs.job(for: current, at: now), at: now)
        return try await delivery(id: id)
    }
}
