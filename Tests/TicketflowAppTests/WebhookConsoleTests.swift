import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TicketflowApp
import TicketflowAuth
import TicketflowCore
import TicketflowTesting
import TicketflowWebhooks

/// The console's Webhooks page over real HTTP: an admin subscribes a loopback
/// receiver through the form, sees the secret once, watches the running
/// server's dispatcher fail and then deliver, and turns the subscription off,
/// on and deletes it. Agents are refused; bad input is a 400 with the reason.
@Suite struct WebhookConsoleTests {
    @Test func anAdminSubscribesSeesTheSecretOnceAndManagesTheSubscription() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { receiver.stop() }
        receiver.answer(.internalServerError)
        try await withTestClient(.live) { client, services in
            let admin = try await client.signIn(services, email: "lead@example.com", role: .admin)
            let empty = try await client.send(.get, "/console/webhooks", headers: admin.headers())
            #expect(empty.status == .ok)
            #expect(html(empty).contains("id=\"nav-webhooks\"") && html(empty).contains("No subscriptions yet."))

            let forged = try await client.send(
                .post, "/console/webhooks", headers: admin.headers(form: true),
                body: "_csrf=forged&url=\(Self.encoded(receiver.url))")
            #expect(forged.status == .forbidden)
            #expect(try await services.store.webhooks().isEmpty, "a forged form creates nothing")

            let created = try await client.send(
                .post, "/console/webhooks", headers: admin.headers(form: true),
                body: "_csrf=\(admin.csrf)&url=\(Self.encoded(receiver.url))&event%3Aticket.created=1")
            #expect(created.status == .created)
            let page = html(created)
            let secret = try #require(Self.text(between: "<code id=\"secret\">", and: "</code>", in: page))
            #expect(secret.hasPrefix("whsec_") && secret.count == 70)
            #expect(
                page.contains("it is shown only this once") && page.contains("docs/channels.md#verifying-signatures"))
            #expect(created.headers[.cacheControl] == "no-store")
            #expect(created.headers[.setCookie] == nil && created.headers[.location] == nil)
            let hook = try #require(try await services.store.webhooks().first)
            #expect(hook.url == receiver.url && hook.eventTypes == [.ticketCreated] && hook.enabled)

            let list = html(try await client.send(.get, "/console/webhooks", headers: admin.headers()))
            #expect(!list.contains(secret) && !list.contains("id=\"secret\""), "the secret is shown once")
            #expect(Self.cell("state", of: hook.id, in: list) == "On")
            #expect(Self.cell("events", of: hook.id, in: list) == "ticket.created")
            #expect(Self.cell("failures", of: hook.id, in: list) == "0")
            #expect(Self.cell("next", of: hook.id, in: list) == "—")

            // The server's own dispatcher sends the new ticket's event; the receiver answers 500.
            #expect(try await client.post("/v1/tickets", #"{"body":"My card was charged twice"}"#).status == .created)
            let failed = try await Self.attempts(of: hook.id, in: services) { !$0.isEmpty }
            try #require(!failed.isEmpty)
            let delivery = try #require(receiver.deliveries.first)
            let signature = try #require(delivery.headers["ticketflow-signature"])
            #expect(
                WebhookSignature.verify(header: signature, body: delivery.body, secret: secret, now: Date()),
                "the secret on the page is the one that signs")
            let failing = html(try await client.send(.get, "/console/webhooks", headers: admin.headers()))
            #expect(Int(Self.cell("failures", of: hook.id, in: failing) ?? "") ?? 0 >= 1)
            #expect(Self.cell("next", of: hook.id, in: failing)?.contains(" UTC (") == true, "a retry is scheduled")
            #expect(failing.contains("href=\"/console/webhooks/\(hook.id)\""), "links to its delivery log")
            let log = html(try await client.send(.get, "/console/webhooks/\(hook.id)", headers: admin.headers()))
            #expect(log.contains("<td class=\"result\">Failed: HTTP 500</td>"))
            #expect(log.contains("<td class=\"error-text\">HTTP 500</td>"))
            #expect(log.contains("<td>\(failed[0].eventID)</td><td>ticket.created</td>"))
            #expect(delivery.headers["ticketflow-event-id"] == String(failed[0].eventID))
            #expect(!log.contains("Delivered"), "nothing claims a delivery that did not happen")

            let off = try await client.send(
                .post, "/console/webhooks/\(hook.id)/disable", headers: admin.headers(form: true),
                body: "_csrf=\(admin.csrf)")
            #expect(off.status == .seeOther && off.headers[.location] == "/console/webhooks?done=disable")
            let offPage = html(try await client.send(.get, "/console/webhooks?done=disable", headers: admin.headers()))
            #expect(Self.cell("state", of: hook.id, in: offPage) == "Off: turned off by lead@example.com")
            #expect(Self.cell("next", of: hook.id, in: offPage) == "—", "no retry while off")
            #expect(offPage.contains("id=\"notice\">Turned off.") && offPage.contains("/enable\""))
            #expect(try await services.store.webhook(id: hook.id)?.enabled == false)

            receiver.answer(.noContent)
            let on = try await client.send(
                .post, "/console/webhooks/\(hook.id)/enable", headers: admin.headers(form: true),
                body: "_csrf=\(admin.csrf)")
            #expect(on.status == .seeOther && on.headers[.location] == "/console/webhooks?done=enable")
            let onPage = html(try await client.send(.get, "/console/webhooks?done=enable", headers: admin.headers()))
            #expect(Self.cell("state", of: hook.id, in: onPage) == "On")
            #expect(Self.cell("failures", of: hook.id, in: onPage) == "0")
            #expect(onPage.contains("id=\"notice\">Turned on.") && onPage.contains("/disable\""))
            let retried = try await Self.attempts(of: hook.id, in: services) { $0.first?.succeeded == true }
            #expect(retried.first?.eventID == failed.last?.eventID && retried.first?.statusCode == 204)
            let delivered = html(try await client.send(.get, "/console/webhooks/\(hook.id)", headers: admin.headers()))
            #expect(delivered.contains("<td class=\"result\">Delivered (204)</td>"))

            let deleted = try await client.send(
                .post, "/console/webhooks/\(hook.id)/delete", headers: admin.headers(form: true),
                body: "_csrf=\(admin.csrf)")
            #expect(deleted.status == .seeOther && deleted.headers[.location] == "/console/webhooks?done=delete")
            let gone = html(try await client.send(.get, "/console/webhooks?done=delete", headers: admin.headers()))
            #expect(gone.contains("Deleted, with its delivery log.") && gone.contains("No subscriptions yet."))
            #expect(try await services.store.webhook(id: hook.id) == nil)
            let missing = try await client.send(.get, "/console/webhooks/\(hook.id)", headers: admin.headers())
            #expect(missing.status == .notFound && html(missing).contains("There is no webhook subscription"))
        }
    }

    @Test func badInputIsA400FormAndAgentsAreRefused() async throws {
        try await withTestClient(.live) { client, services in
            let admin = try await client.signIn(services, email: "lead@example.com", role: .admin)
            let form = admin.headers(form: true)
            for (url, events, message) in [
                ("ftp://example.com/x", "", "Enter an absolute http or https URL"),
                ("hooks", "&event%3Aticket.resolved=1", "Enter an absolute http or https URL"),
                (
                    "https://example.com/h", "&event%3Aticket.exploded=1",
                    "&#39;ticket.exploded&#39; is not an event type"
                ),
            ] {
                let response = try await client.send(
                    .post, "/console/webhooks", headers: form,
                    body: "_csrf=\(admin.csrf)&url=\(Self.encoded(url))\(events)")
                #expect(response.status == .badRequest, "\(url)")
                let page = html(response)
                #expect(page.contains("id=\"form-error\">\(message)"), "\(url)")
                #expect(page.contains("id=\"webhook-url\" required value=\"\(url)\""), "the form keeps the URL")
            }
            let kept = try await client.send(
                .post, "/console/webhooks", headers: form,
                body: "_csrf=\(admin.csrf)&url=hooks&event%3Aticket.resolved=1")
            #expect(html(kept).contains("name=\"event:ticket.resolved\" value=\"1\" checked"), "checked boxes stay")
            #expect(try await services.store.webhooks().isEmpty)

            // A receiver that is not there: the log says no answer came, and why.
            let port = try await UnusedPort.loopback()
            let hook = try await services.store.createWebhook(
                url: "http://127.0.0.1:\(port)/hooks", eventTypes: [], secret: "whsec_test", at: Date())
            #expect(try await client.post("/v1/tickets", #"{"body":"Where is my parcel?"}"#).status == .created)
            _ = try await Self.attempts(of: hook.id, in: services) { !$0.isEmpty }
            let log = html(try await client.send(.get, "/console/webhooks/\(hook.id)", headers: admin.headers()))
            #expect(log.contains("<td class=\"result\">No answer</td>"))
            #expect(log.contains("<td class=\"error-text\">cannot reach the receiver"))
            let list = html(try await client.send(.get, "/console/webhooks", headers: admin.headers()))
            #expect(Self.cell("events", of: hook.id, in: list) == "all events")
            for path in ["/console/webhooks/abc", "/console/webhooks/424242"] {
                #expect(try await client.send(.get, path, headers: admin.headers()).status == .notFound, "\(path)")
            }
            let unknownAction = try await client.send(
                .post, "/console/webhooks/\(hook.id)/explode", headers: form, body: "_csrf=\(admin.csrf)")
            #expect(unknownAction.status == .notFound)

            let agent = try await client.signIn(services, email: "ann@example.com", role: .agent)
            let queue = html(try await client.send(.get, "/console/queue", headers: agent.headers()))
            #expect(!queue.contains("id=\"nav-webhooks\""), "agents get no Webhooks link")
            for path in ["/console/webhooks", "/console/webhooks/\(hook.id)"] {
                let refused = try await client.send(.get, path, headers: agent.headers())
                #expect(
                    refused.status == .forbidden && html(refused).contains("Only admins can see and change webhooks."))
            }
            for (path, body) in [
                ("/console/webhooks", "url=\(Self.encoded("https://example.com/h"))"),
                ("/console/webhooks/\(hook.id)/disable", ""), ("/console/webhooks/\(hook.id)/delete", ""),
            ] {
                let refused = try await client.send(
                    .post, path, headers: agent.headers(form: true), body: "_csrf=\(agent.csrf)&\(body)")
                #expect(refused.status == .forbidden, "\(path)")
            }
            #expect(try await services.store.webhooks().map(\.id) == [hook.id], "an agent created or deleted nothing")
            #expect(try await services.store.webhook(id: hook.id)?.enabled == true, "an agent turned nothing off")
        }
    }

    /// Waits until the running server's dispatcher has logged attempts that
    /// `done` accepts (newest first), and returns them.
    static func attempts(
        of id: Int64, in services: AppServices, until done: ([WebhookAttempt]) -> Bool
    ) async throws -> [WebhookAttempt] {
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            let attempts = try await services.store.webhookAttempts(subscriptionID: id, limit: 50)
            if done(attempts) { return attempts }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("subscription \(id) did not log the expected attempts within 20 s")
        return try await services.store.webhookAttempts(subscriptionID: id, limit: 50)
    }

    /// The text of the `<td class="name">` in the subscription's row.
    static func cell(_ name: String, of id: Int64, in page: String) -> String? {
        guard let row = page.range(of: "<tr id=\"webhook-\(id)\">") else { return nil }
        return text(between: "<td class=\"\(name)\">", and: "</td>", in: String(page[row.upperBound...]))
    }

    static func text(between start: String, and end: String, in page: String) -> String? {
        guard let from = page.range(of: start), let to = page[from.upperBound...].range(of: end) else { return nil }
        return String(page[from.upperBound..<to.lowerBound])
    }

    static func encoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }
}
