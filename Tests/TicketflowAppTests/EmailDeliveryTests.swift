import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TicketflowApp
import TicketflowCore
import TicketflowTesting

/// Replies on email tickets go out through the outbox to a real Postfix on
/// loopback: "sent" only once the SMTP server accepted the mail, which then
/// lies in the customer's mailbox; a refused address is "failed" with the
/// server's reason and a `delivery.failed` event.
@Suite struct EmailDeliveryTests {
    static func configure(_ servers: MailServers) -> @Sendable (inout AppConfiguration) -> Void {
        { configuration in
            configuration.smtpURL = "smtp+plain://127.0.0.1:\(servers.smtpRelayPort)"
            configuration.emailFrom = "Acme Support <support@example.test>"
        }
    }

    /// Opens an email ticket for `customer` and has an agent send `reply`; returns the ticket id.
    static func replyOnEmailTicket(
        _ client: any TestClientProtocol, _ services: AppServices, customer: String, reply: String
    ) async throws -> Int {
        let agent = try await services.bearer(.agent)
        let created = try await client.send(
            .post, "/v1/tickets", headers: agent + jsonHeaders,
            body:
                #"{"channel":"email","subject":"Parcel late","body":"Where is my parcel?","customer":{"email":"\#(customer)","name":"Cy"}}"#
        )
        #expect(created.status == .created)
        let id = try #require((try json(created)["ticket"] as? [String: Any])?["id"] as? Int)
        let sent = try await client.send(
            .post, "/v1/agent/tickets/\(id)/edit", headers: agent + jsonHeaders, body: #"{"body":"\#(reply)"}"#)
        #expect(sent.status == .ok, "\(String(buffer: sent.body))")
        return id
    }

    /// The delivery of the ticket's last message once it is no longer queued.
    static func settledDelivery(
        _ client: any TestClientProtocol, _ services: AppServices, ticket id: Int
    ) async throws -> [String: Any] {
        let agent = try await services.bearer(.agent)
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let detail = try json(try await client.send(.get, "/v1/tickets/\(id)", headers: agent))
            let messages = try #require(detail["messages"] as? [[String: Any]])
            if let delivery = messages.last?["delivery"] as? [String: Any], delivery["status"] as? String != "queued" {
                return delivery
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("the delivery of ticket \(id) was still queued after 30 s")
        return [:]
    }

    @Test func anAgentsReplyArrivesInTheCustomersMailbox() async throws {
        let servers = try MailServers.running()
        try await withTestClient(.live, configure: Self.configure(servers)) { client, services in
            let marker = "Your parcel ships today \(UUID().uuidString.prefix(8))"
            let id = try await Self.replyOnEmailTicket(
                client, services, customer: "customer@example.test", reply: marker)
            let delivery = try await Self.settledDelivery(client, services, ticket: id)
            #expect(delivery["status"] as? String == "sent", "\(delivery)")
            #expect(delivery["recipient"] as? String == "customer@example.test" && delivery["sent_at"] is String)
            let messageID = try #require(delivery["provider_id"] as? String)

            let inbox = servers.maildir(of: "customer@example.test").appendingPathComponent("new")
            let files = try FileManager.default.contentsOfDirectory(at: inbox, includingPropertiesForKeys: nil)
            let mail = try #require(
                try files.map { try String(contentsOf: $0, encoding: .utf8) }.first { $0.contains("<\(messageID)>") },
                "no mail with Message-ID <\(messageID)> in \(inbox.path)")
            #expect(mail.contains("Subject: Re: Parcel late [TF-\(id)]"))
            #expect(mail.contains("From: Acme Support <support@example.test>"))
            #expect(mail.contains(marker))
            #expect(!mail.contains("Auto-Submitted"), "an agent's reply is not automatic")

            // The console says what happened, with the address masked.
            let session = try await client.signIn(services, email: "lead@example.com")
            let page = html(try await client.send(.get, "/console/tickets/\(id)", headers: session.headers()))
            #expect(page.contains("Sent by email to c…@example.test at "), "\(page)")
        }
    }

    @Test func aTicketHandedToAPersonIsAcknowledgedByEmail() async throws {
        let servers = try MailServers.running()
        let text = "Thanks, a member of our team will reply soon (\(UUID().uuidString.prefix(8)))."
        let configure = Self.configure(servers)
        try await withTestClient(
            .live,
            configure: {
                configure(&$0)
                $0.escalationAcknowledgement = text
            }
        ) { client, services in
            let agent = try await services.bearer(.agent)
            let created = try await client.send(
                .post, "/v1/tickets", headers: agent + jsonHeaders,
                body:
                    #"{"channel":"email","subject":"Broken","body":"My order arrived broken","customer":{"email":"customer@example.test"}}"#
            )
            let ticket = try #require(try json(created)["ticket"] as? [String: Any])
            #expect(ticket["status"] as? String != "auto_resolved", "no knowledge base here: a person answers")
            let id = try #require(ticket["id"] as? Int)
            let delivery = try await Self.settledDelivery(client, services, ticket: id)
            #expect(delivery["status"] as? String == "sent", "\(delivery)")
            let inbox = servers.maildir(of: "customer@example.test").appendingPathComponent("new")
            let mail = try FileManager.default.contentsOfDirectory(at: inbox, includingPropertiesForKeys: nil)
                .map { try String(contentsOf: $0, encoding: .utf8) }.first { $0.contains(text) }
            #expect(mail?.contains("Auto-Submitted: auto-replied") == true, "an acknowledgement is automatic")
            #expect(mail?.contains("Subject: Re: Broken [TF-\(id)]") == true)
        }
    }

    @Test func sourcesGoOutAsLinksToTheHelpCenter() async throws {
        let servers = try MailServers.running()
        let configure = Self.configure(servers)
        try await withTestClient(
            .live,
            configure: {
                configure(&$0)
                $0.articleURLTemplate = "https://help.example.test/articles/{id}"
            }
        ) { client, services in
            let now = Date()
            let marker = "Refund \(UUID().uuidString.prefix(8))"
            let intake = TicketIntake(
                idempotencyKey: nil, requestFingerprint: nil,
                customer: CustomerInput(name: "Cy", email: "customer@example.test"),
                ticket: Ticket(
                    id: 0, channel: .email, subject: "Charged twice", status: .awaitingReview,
                    route: .aiDraftHumanReview, createdAt: now),
                messages: [NewMessage(author: .customer, body: "I was charged twice.", createdAt: now)],
                draft: AnswerDraft(
                    body: "\(marker): open Settings > Billing [Source: Duplicate charges].",
                    citations: [Citation(articleID: "duplicate-charges", title: "Duplicate charges")],
                    confidence: 0.6, reasons: ["route_requires_review"]),
                trace: [])
            let id = try await services.store.createTicket(intake).detail.ticket.id
            let sent = try await client.send(
                .post, "/v1/agent/tickets/\(id)/send", headers: try await services.bearer(.agent))
            #expect(sent.status == .ok)
            let delivery = try await Self.settledDelivery(client, services, ticket: Int(id))
            #expect(delivery["status"] as? String == "sent", "\(delivery)")
            let inbox = servers.maildir(of: "customer@example.test").appendingPathComponent("new")
            let mail = try #require(
                try FileManager.default.contentsOfDirectory(at: inbox, includingPropertiesForKeys: nil)
                    .map { try String(contentsOf: $0, encoding: .utf8) }.first { $0.contains(marker) })
            #expect(mail.contains("https://help.example.test/articles/duplicate-charges"))
            #expect(!mail.contains("[Source:"), "the source is a link, not bracketed text")
        }
    }

    @Test func aRefusedAddressFailsWithTheServersReason() async throws {
        let servers = try MailServers.running()
        try await withTestClient(.live, configure: Self.configure(servers)) { client, services in
            let id = try await Self.replyOnEmailTicket(
                client, services, customer: "nobody@example.test", reply: "Hello")
            let delivery = try await Self.settledDelivery(client, services, ticket: id)
            #expect(delivery["status"] as? String == "failed")
            #expect((delivery["last_error"] as? String)?.contains("550") == true, "\(delivery)")
            let agent = try await services.bearer(.agent)
            let events = try json(try await client.send(.get, "/v1/events?limit=500", headers: agent))
            let failed = (events["events"] as? [[String: Any]] ?? []).filter {
                $0["type"] as? String == "delivery.failed"
            }
            #expect(failed.count == 1 && failed.first?["ticket_id"] as? Int == id)
            #expect(((failed.first?["data"] as? [String: Any])?["reason"] as? String)?.contains("550") == true)

            // Sent again on request: queued with a fresh job, and refused again by the server.
            let deliveryID = try #require(delivery["id"] as? Int)
            let retry = try await client.send(.post, "/v1/deliveries/\(deliveryID)/retry", headers: agent)
            #expect(retry.status == .accepted)
            #expect(try json(retry)["status"] as? String == "queued")
            let again = try await Self.settledDelivery(client, services, ticket: id)
            #expect(again["status"] as? String == "failed" && again["attempts"] as? Int == 2)
            try expectProblem(
                try await client.send(.post, "/v1/deliveries/999999/retry", headers: agent), .notFound, "not-found")

            // The console shows the failure with the server's reason and a retry button that queues it again.
            let session = try await client.signIn(services, email: "lead@example.com")
            let page = html(try await client.send(.get, "/console/tickets/\(id)", headers: session.headers()))
            #expect(page.contains("Failed by email to n…@example.test: SMTP"), "\(page)")
            #expect(page.contains("action=\"/console/deliveries/\(deliveryID)/retry\""))
            let retried = try await client.send(
                .post, "/console/deliveries/\(deliveryID)/retry", headers: session.headers(form: true),
                body: "_csrf=\(session.csrf)")
            #expect(retried.status == .seeOther)
            #expect(retried.headers[.location] == "/console/tickets/\(id)?done=retry")
            #expect(try await services.store.delivery(id: Int64(deliveryID))?.status != .failed)
            try expectProblem(
                try await client.send(
                    .post, "/v1/deliveries/\(deliveryID)/retry", headers: try await services.bearer(.api)),
                .forbidden, "forbidden")
        }
    }
}
