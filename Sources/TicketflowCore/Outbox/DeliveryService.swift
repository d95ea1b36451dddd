import Foundation

/// Sends one message on one channel (SMTP for email). It may be called again
/// for the same delivery after a crash (at-least-once), so it should pass
/// the delivery's `idempotencyKey` on where the channel can use it.
public protocol DeliveryAdapter: Sendable {
    /// The channel it delivers on.
    var channel: Channel { get }

    /// Sends `message` of ticket `detail` to `delivery.recipient`. Returns the
    /// channel's id for what was sent (an email's Message-ID); throws
    /// `DeliveryFailure` saying whether a retry could help.
    func deliver(_ delivery: Delivery, message: Message, of detail: TicketDetail) async throws -> String?
}

/// Why a delivery attempt failed, in words for the console ("SMTP 550 5.1.1 …").
public struct DeliveryFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var reason: String
    /// True when retrying cannot help (the address does not exist); the delivery fails at once.
    public var permanent: Bool

    public init(_ reason: String, permanent: Bool) {
        self.reason = reason
        self.permanent = permanent
    }

    public var description: String { reason }
}

/// Runs delivery jobs: finds the delivery, sends it with its channel's
/// adapter and records what happened. A transient failure is retried by the
/// work queue with backoff (the delivery stays `queued`, with the reason); a
/// permanent one, or the last attempt, marks it `failed` and adds a
/// `delivery.failed` event for webhooks and the feed.
public struct DeliveryService: Sendable {
    public let store: any OutboxStore & TicketStore & IntegrationEventStore
    public let adapters: [Channel: any DeliveryAdapter]
    public let now: @Sendable () -> Date
    /// What the write paths send: the channels it can deliver on, and the acknowledgement text.
    public var policy: OutboxPolicy

    public init(
        store: any OutboxStore & TicketStore & IntegrationEventStore, adapters: [any DeliveryAdapter],
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.store = store
        self.adapters = Dictionary(adapters.map { ($0.channel, $0) }, uniquingKeysWith: { $1 })
        self.now = now
        self.policy = OutboxPolicy(channels: Set(adapters.map(\.channel)))
    }

    /// Handles one `deliver.message` job. Safe to run twice: a delivery that is
    /// no longer queued (sent, or failed) is left alone.
    public func handle(_ job: Job) async throws {
        guard let id = DeliveryJobs.deliveryID(of: job), let delivery = try await store.delivery(id: id),
            delivery.status == .queued
        else { return }
        guard let detail = try await store.ticketDetail(id: delivery.ticketID),
            let message = detail.messages.first(where: { $0.id == delivery.messageID })
        else {
            return try await fail(delivery, reason: "the message is no longer stored", ticket: nil)
        }
        guard let adapter = adapters[delivery.channel] else {
            return try await fail(
                delivery, reason: "no delivery channel is configured for \(delivery.channel.rawValue)",
                ticket: detail.ticket)
        }
        do {
            let providerID = try await adapter.deliver(delivery, message: message, of: detail)
            _ = try await store.recordDeliveryAttempt(
                id: id, status: .sent, error: nil, providerID: providerID, at: now())
        } catch let failure as DeliveryFailure where failure.permanent || job.attempts >= job.maxAttempts {
            try await fail(delivery, reason: failure.reason, ticket: detail.ticket)
        } catch {
            let reason = (error as? DeliveryFailure)?.reason ?? "\(error)"
            guard job.attempts < job.maxAttempts else {
                return try await fail(delivery, reason: reason, ticket: detail.ticket)
            }
            _ = try await store.recordDeliveryAttempt(
                id: id, status: .queued, error: reason, providerID: nil, at: now())
            throw DeliveryFailure(reason, permanent: false)
        }
    }

    /// Fails each delivery whose job the queue dead-lettered without the handler saying so: the node making the
    /// last attempt stopped mid-send, its lease expired, and nothing else would ever move the delivery out of
    /// "queued". A delivery changed after its job died (an agent's redelivery) is left alone. Returns how many
    /// it failed; run it now and then on any node (it is safe to run on several).
    public func settleAbandoned(queue: any JobQueue, limit: Int = 100) async throws -> Int {
        var settled = 0
        for job in try await queue.deadLetterJobs(limit: limit) where job.kind == OutboxPolicy.jobKind {
            guard let id = DeliveryJobs.deliveryID(of: job), let delivery = try await store.delivery(id: id),
                delivery.status == .queued, delivery.updatedAt <= job.updatedAt
            else { continue }
            let cause = job.lastError ?? JobRules.exhaustedLeaseError
            try await fail(
                delivery, reason: "the last attempt did not finish (\(cause))",
                ticket: try await store.ticketDetail(id: delivery.ticketID)?.ticket)
            settled += 1
        }
        return settled
    }

    private func fail(_ delivery: Delivery, reason: String, ticket: Ticket?) async throws {
        _ = try await store.recordDeliveryAttempt(
            id: delivery.id, status: .failed, error: reason, providerID: nil, at: now())
        if let ticket {
            _ = try await store.recordIntegrationEvent(
                IntegrationEventRules.deliveryFailed(
                    ticket: ticket, messageID: delivery.messageID, reason: reason, at: now()))
        }
    }
}
