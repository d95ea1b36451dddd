import Foundation
import TicketflowCore

/// Walks each due subscription through the event feed: events it does not
/// want are skipped, the others are POSTed one at a time, in order, signed.
/// The first failure stops that subscription's run (later events wait, so a
/// receiver never sees them out of order) and `WebhookRules` schedules the
/// retry or turns the subscription off. At-least-once: a crash between a
/// receiver's 2xx and the settle sends that event again, with the same
/// `Ticketflow-Event-Id` for the receiver to drop.
public struct WebhookDispatcher: Sendable {
    let store: any WebhookStore & IntegrationEventStore
    let transport: any WebhookTransport
    public var rules: WebhookRules
    /// Who holds the leases, unique per process.
    public var worker: String
    /// Longest a lease lasts; a crashed node's subscriptions are free after it.
    public var leaseSeconds: Double
    /// Most events one run sends to one subscription.
    public var batchSize: Int

    public init(
        store: any WebhookStore & IntegrationEventStore, transport: any WebhookTransport,
        rules: WebhookRules = WebhookRules(), worker: String, leaseSeconds: Double = 120, batchSize: Int = 50
    ) {
        self.store = store
        self.transport = transport
        self.rules = rules
        self.worker = worker
        self.leaseSeconds = leaseSeconds
        self.batchSize = batchSize
    }

    /// One pass: claims due subscriptions and runs each. Returns how many
    /// events were delivered, for the caller to decide how soon to look again.
    /// `shouldContinue` is asked before each event: on shutdown the run stops
    /// between events and settles what it did, instead of being cut mid-request.
    @discardableResult
    public func runOnce(
        now: @Sendable () -> Date = Date.init, shouldContinue: @Sendable () -> Bool = { true }
    ) async throws -> Int {
        let leased = try await store.claimDueWebhooks(worker: worker, leaseSeconds: leaseSeconds, limit: 8, at: now())
        var delivered = 0
        for lease in leased { delivered += try await run(lease, now: now, shouldContinue: shouldContinue) }
        return delivered
    }

    func run(
        _ lease: LeasedWebhook, now: @Sendable () -> Date, shouldContinue: @Sendable () -> Bool
    ) async throws
        -> Int
    {
        var state = lease.subscription
        var attempts: [WebhookAttempt] = []
        let events = try await store.integrationEvents(after: state.cursor, limit: batchSize)
        for event in events {
            guard shouldContinue() else { break }
            guard state.wants(event.type) else {
                state = rules.afterSuccess(state, through: event.id, at: now())
                continue
            }
            let attempt = await send(event, to: lease, at: now())
            attempts.append(attempt)
            if let error = attempt.error {
                state = rules.afterFailure(state, reason: error, at: now(), unitRandom: Double.random(in: 0...1))
                break
            }
            state = rules.afterSuccess(state, through: event.id, at: now())
        }
        _ = try await store.settleWebhook(state, attempts: attempts, worker: worker)
        return attempts.filter(\.succeeded).count
    }

    func send(_ event: IntegrationEvent, to lease: LeasedWebhook, at time: Date) async -> WebhookAttempt {
        let started = DispatchTime.now().uptimeNanoseconds
        var status: Int?
        var failure: String?
        do {
            let body =
                lease.subscription.format == .slack
                ? try ChatMessagePayload.encode(event) : try WebhookPayload.encode(event)
            let headers = [
                ("Content-Type", "application/json"), ("User-Agent", "Ticketflow-Webhooks/1"),
                ("Ticketflow-Event", event.type.rawValue), ("Ticketflow-Event-Id", String(event.id)),
                (WebhookSignature.header, WebhookSignature.sign(body: body, secret: lease.secret, at: time)),
            ]
            let answer = try await transport.post(url: lease.subscription.url, headers: headers, body: body)
            status = answer.status
            if !(200..<300).contains(answer.status) {
                let excerpt = answer.body.prefix(200).trimmingCharacters(in: .whitespacesAndNewlines)
                failure = "HTTP \(answer.status)" + (excerpt.isEmpty ? "" : ": \(excerpt)")
            }
        } catch {
            failure = "\(error)"
        }
        return WebhookAttempt(
            id: 0, subscriptionID: lease.subscription.id, eventID: event.id, eventType: event.type,
            statusCode: status, error: failure,
            durationMs: Double(DispatchTime.now().uptimeNanoseconds - started) / 1_000_000, createdAt: time)
    }
}

/// The request body: the event as `GET /v1/events` shows it.
public enum WebhookPayload {
    public static func encode(_ event: IntegrationEvent) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(event))
    }
}

/// The body of a `slack` webhook: `{"text": "..."}`, one sentence a person reads in a chat channel. It names the
/// ticket and its triage, never the customer or their words: a chat channel is read by more people than the
/// console, and the text links nowhere outside the team's own console.
public enum ChatMessagePayload {
    public static func encode(_ event: IntegrationEvent) throws -> [UInt8] {
        Array(try JSONEncoder().encode(["text": text(event)]))
    }

    public static func text(_ event: IntegrationEvent) -> String {
        let d = event.data
        let ticket = "ticket #\(event.ticketID)"
        var facts = [d.category, d.urgency.map { "urgency \($0)" }].compactMap { $0 }
        if let assignee = d.assignee { facts.append("assigned to \(assignee)") }
        let detail = facts.isEmpty ? "" : " (" + facts.joined(separator: ", ") + ")"
        switch event.type {
        case .ticketEscalated:
            return "🚨 \(ticket.capitalizedFirst) needs a person now\(detail). /console/tickets/\(event.ticketID)"
        case .ticketCreated:
            return "New \(ticket) by \(d.channel.rawValue)\(detail), route \(d.route?.rawValue ?? "none")."
        case .ticketResolved: return "\(ticket.capitalizedFirst) resolved\(detail)."
        case .ticketUpdated: return "\(ticket.capitalizedFirst) is now \(d.status.rawValue)\(detail)."
        case .messageCreated: return "New message from the \(d.author?.rawValue ?? "customer") on \(ticket)."
        case .deliveryFailed: return "⚠️ A reply on \(ticket) was not delivered: \(d.reason ?? "unknown reason")."
        case .noteMentioned:
            let who = (d.mentions ?? []).joined(separator: ", ")
            return
                "📝 \(d.actor ?? "Someone") mentioned \(who) in a note on \(ticket). /console/tickets/\(event.ticketID)"
        case .ticketSLAAtRisk:
            return "⏰ \(ticket.capitalizedFirst) is close to its SLA target: \(d.reason ?? "due soon")\(detail). "
                + "/console/tickets/\(event.ticketID)"
        }
    }
}

extension String {
    fileprivate var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
