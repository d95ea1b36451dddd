import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TicketflowApp
import TicketflowCore
import TicketflowTesting
import TicketflowWebhooks

/// Webhooks over real HTTP: an admin subscribes a receiver on loopback, the
/// running server signs and delivers events in order, and failures are
/// retried, logged and finally turn the subscription off.
@Suite struct WebhookDeliveryTests {
    @Test func theServerDeliversSignedEventsToAnAdminsSubscription() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { receiver.stop() }
        try await withTestClient(.live) { client, services in
            let admin = try await services.bearer(.admin)
            try expectProblem(
                try await client.send(
                    .post, "/v1/admin/webhooks", headers: try await services.bearer(.agent),
                    body: #"{"url":"\#(receiver.url)"}"#), .forbidden, "forbidden")
            for (body, slug) in [
                (#"{"url":"ftp://example.com/x"}"#, "invalid-url"), (#"{"url":"hooks"}"#, "invalid-url"),
                (#"{"url":"\#(receiver.url)","events":["ticket.exploded"]}"#, "invalid-event-type"),
            ] {
                try expectProblem(
                    try await client.send(.post, "/v1/admin/webhooks", headers: admin + jsonHeaders, body: body),
                    .badRequest, slug)
            }
            let created = try await client.send(
                .post, "/v1/admin/webhooks", headers: admin + jsonHeaders,
                body: #"{"url":"\#(receiver.url)","events":["ticket.created","message.created"]}"#)
            #expect(created.status == .created)
            let secret = try #require(try json(created)["secret"] as? String)
            let id = try #require((try json(created)["webhook"] as? [String: Any])?["id"] as? Int)
            #expect(secret.hasPrefix("whsec_") && secret.count > 40)
            let listed = try await client.send(.get, "/v1/admin/webhooks", headers: admin)
            #expect(!String(buffer: listed.body).contains(secret), "the secret is shown once")

            let ticket = try await client.post("/v1/tickets", #"{"body":"My card was charged twice"}"#)
            #expect(ticket.status == .created)
            let deadline = Date().addingTimeInterval(15)
            while receiver.deliveries.count < 2 && Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
            let deliveries = receiver.deliveries
            // ticket.escalated is not subscribed, so only these two arrive, in feed order.
            #expect(deliveries.compactMap { $0.headers["ticketflow-event"] } == ["ticket.created", "message.created"])
            for delivery in deliveries {
                let signature = try #require(delivery.headers["ticketflow-signature"])
                #expect(WebhookSignature.verify(header: signature, body: delivery.body, secret: secret, now: Date()))
                #expect(
                    !WebhookSignature.verify(header: signature, body: delivery.body + [32], secret: secret, now: Date())
                )
                #expect(
                    !WebhookSignature.verify(header: signature, body: delivery.body, secret: "whsec_x", now: Date()))
                #expect(
                    !WebhookSignature.verify(
                        header: signature, body: delivery.body, secret: secret, now: Date().addingTimeInterval(600)),
                    "a replay ten minutes later is refused")
                let event = try #require(try JSONSerialization.jsonObject(with: Data(delivery.body)) as? [String: Any])
                #expect(event["type"] as? String == delivery.headers["ticketflow-event"])
                #expect((event["id"] as? Int).map(String.init) == delivery.headers["ticketflow-event-id"])
            }
            let detail = try json(try await client.send(.get, "/v1/admin/webhooks/\(id)", headers: admin))
            let attempts = try #require(detail["attempts"] as? [[String: Any]])
            #expect(attempts.count == 2 && attempts.allSatisfy { $0["status_code"] as? Int == 204 })
            #expect(
                try await client.send(.delete, "/v1/admin/webhooks/\(id)", headers: admin).status == .noContent)
            try expectProblem(
                try await client.send(.get, "/v1/admin/webhooks/\(id)", headers: admin), .notFound, "not-found")
        }
    }

    @Test func aChatChannelGetsOneReadableSentenceWhenAPersonIsNeeded() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { receiver.stop() }
        try await withTestClient(.live) { client, services in
            let admin = try await services.bearer(.admin)
            try expectProblem(
                try await client.send(
                    .post, "/v1/admin/webhooks", headers: admin + jsonHeaders,
                    body: #"{"url":"\#(receiver.url)","format":"teams"}"#), .badRequest, "invalid-format")
            let created = try await client.send(
                .post, "/v1/admin/webhooks", headers: admin + jsonHeaders,
                body: #"{"url":"\#(receiver.url)","events":["ticket.escalated"],"format":"slack"}"#)
            #expect(created.status == .created)
            #expect((try json(created)["webhook"] as? [String: Any])?["format"] as? String == "slack")
            // Legal and security threats route to a person at once.
            let ticket = try await client.post(
                "/v1/tickets", #"{"body":"Someone hacked my account and I will sue you, my lawyer is ready"}"#)
            #expect(ticket.status == .created)
            let id = try #require((try json(ticket)["ticket"] as? [String: Any])?["id"] as? Int)
            let deadline = Date().addingTimeInterval(15)
            while receiver.deliveries.isEmpty && Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
            let delivery = try #require(receiver.deliveries.first)
            let body = try #require(try JSONSerialization.jsonObject(with: Data(delivery.body)) as? [String: String])
            #expect(Array(body.keys) == ["text"])
            let text = try #require(body["text"])
            #expect(text.hasPrefix("🚨 Ticket #\(id) needs a person now") && text.hasSuffix("/console/tickets/\(id)"))
            #expect(!text.contains("hacked") && !text.contains("lawyer"), "the customer's words stay out of chat")
        }
    }

    @Test func failuresWaitInOrderThenTurnTheSubscriptionOff() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { receiver.stop() }
        try await withTemporaryDirectory { dir in
            let services = try await TestApp.services(dataDirectory: dir)
            let store = services.store
            // Whole seconds: a stored time comes back exactly equal only when it survives the Double round trip.
            let t0 = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded())
            let hook = try await store.createWebhook(url: receiver.url, eventTypes: [], secret: "whsec_t", at: t0)
            _ = try await services.tickets.intake(IntakeRequest(body: "Where is my parcel?"))
            let rules = WebhookRules(
                backoff: RetryBackoff(baseSeconds: 60, maximumSeconds: 60, jitter: 0), disableAfterFailures: 2)
            let dispatcher = WebhookDispatcher(
                store: store, transport: HTTPWebhookTransport(), rules: rules, worker: "test")

            receiver.answer(.internalServerError)
            #expect(try await dispatcher.runOnce(now: { t0 }) == 0)
            var state = try #require(try await store.webhook(id: hook.id))
            #expect(state.cursor == hook.cursor && state.consecutiveFailures == 1 && state.enabled)
            #expect(state.nextAttemptAt == t0.addingTimeInterval(60))
            // Not due yet: nothing is sent, and the first event was tried once, alone.
            #expect(try await dispatcher.runOnce(now: { t0.addingTimeInterval(30) }) == 0)
            #expect(receiver.deliveries.count == 1)
            let log = try await store.webhookAttempts(subscriptionID: hook.id, limit: 10)
            #expect(log.count == 1 && log[0].statusCode == 500 && log[0].error == "HTTP 500")

            #expect(try await dispatcher.runOnce(now: { t0.addingTimeInterval(61) }) == 0)
            state = try #require(try await store.webhook(id: hook.id))
            #expect(!state.enabled && state.disabledReason?.hasSuffix("last: HTTP 500") == true)
            #expect(try await dispatcher.runOnce(now: { t0.addingTimeInterval(999) }) == 0)
            #expect(receiver.deliveries.count == 2, "a turned-off subscription gets nothing")

            // Turned back on, it sends everything it missed, oldest first.
            receiver.answer(.ok)
            #expect(try await store.saveWebhookState(rules.enabled(state, at: t0.addingTimeInterval(1000))))
            let events = try await store.integrationEvents(after: hook.cursor, limit: 50)
            #expect(try await dispatcher.runOnce(now: { t0.addingTimeInterval(1000) }) == events.count)
            let ids = receiver.deliveries.suffix(events.count).compactMap { $0.headers["ticketflow-event-id"] }
            #expect(ids == events.map { String($0.id) })
            #expect(try await store.webhook(id: hook.id)?.cursor == events.last?.id)

            // A receiver that is gone: no HTTP answer, the reason is logged.
            let gone = try await store.createWebhook(
                url: "http://127.0.0.1:\(try await UnusedPort.loopback())/hooks", eventTypes: [], secret: "s",
                at: t0)
            _ = try await services.tickets.intake(IntakeRequest(body: "Another question"))
            _ = try await dispatcher.runOnce(now: { t0.addingTimeInterval(2000) })
            let refused = try await store.webhookAttempts(subscriptionID: gone.id, limit: 1)
            #expect(refused.first?.statusCode == nil && refused.first?.error?.contains("cannot reach") == true)
        }
    }
}
