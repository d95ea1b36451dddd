import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TicketflowApp
import TicketflowCore
import TicketflowSMTP
import TicketflowTesting

/// Customer mail goes in through a real Postfix, lands in support@'s Dovecot INBOX and is read by the server's
/// own background poller (every second here) over IMAP with STARTTLS: it opens an email ticket, the agent's
/// reply threads to it, the customer's answer joins the same ticket, re-reading creates nothing twice, an
/// auto-reply gets no automatic answer and a bounce fails the delivery it reports. Every test has its own
/// store; the INBOX is shared, so each looks only for its own Message-IDs.
@Suite(.serialized) struct EmailIntakeTests {
    static func configure(_ servers: MailServers) -> @Sendable (inout AppConfiguration) -> Void {
        { configuration in
            configuration.smtpURL = "smtp+plain://127.0.0.1:\(servers.smtpRelayPort)"
            configuration.emailFrom = "Acme Support <support@example.test>"
            configuration.imapURL =
                "imap://support%40example.test:\(MailServers.password)@127.0.0.1:\(servers.imapPort)"
            configuration.imapCAFile = servers.certificatePath
            configuration.emailPollSeconds = 1
        }
    }

    /// Waits for the server's first poll, which records where the shared INBOX stands: mail the test
    /// submits afterwards is read, the other tests' older mail is not.
    static func firstPoll(_ services: AppServices) async throws {
        let key = try #require(try services.configuration.inboundEmail()).key
        let deadline = Date().addingTimeInterval(30)
        while try await services.store.mailboxPosition(key) == nil {
            guard Date() < deadline else { throw MailServersError.failed("no poll of the mailbox within 30 s") }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Submits `mail` (CRLF lines) to support@ through Postfix, as a customer's mail server would.
    static func submit(_ servers: MailServers, from sender: String, _ mail: String) async throws {
        let client = SMTPClient(
            configuration: SMTPConfiguration(host: servers.host, port: servers.smtpRelayPort, security: .none))
        try await client.send(from: sender, to: ["support@example.test"], message: Array(mail.utf8))
    }

    /// A customer mail with the given headers, CRLF line ends.
    static func mail(_ headers: [String], body: String) -> String {
        (headers + ["MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "", body, ""])
            .joined(separator: "\r\n")
    }

    /// The ticket `messageID` was read into, once the poller has read it.
    static func ticket(of messageID: String, in services: AppServices) async throws -> TicketDetail {
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if let id = try await services.store.ticket(forEmailMessageIDs: [messageID]),
                let detail = try await services.store.ticketDetail(id: id)
            {
                return detail
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw MailServersError.failed("no ticket for <\(messageID)> after 30 s")
    }

    /// The reply with Message-ID `messageID` in customer@'s Maildir.
    /// The mail with `messageID` in the customer's Maildir. Postfix accepts a mail (the delivery's "sent")
    /// before it writes it to the Maildir, so this waits up to 20 s for it.
    struct NotDelivered: Error, CustomStringConvertible { var description: String }

    static func deliveredMail(_ servers: MailServers, messageID: String) async throws -> String {
        let inbox = servers.maildir(of: "customer@example.test").appendingPathComponent("new")
        let deadline = Date().addingTimeInterval(20)
        while true {
            let files = (try? FileManager.default.contentsOfDirectory(at: inbox, includingPropertiesForKeys: nil)) ?? []
            let mail = files.compactMap { try? String(contentsOf: $0, encoding: .utf8) }.first {
                $0.contains("Message-ID: <\(messageID)>")
            }
            if let mail { return mail }
            guard Date() < deadline else {
                throw NotDelivered(description: "no mail <\(messageID)> in \(inbox.path) after 20 s")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    @Test func aConversationByEmailStaysInOneTicket() async throws {
        let servers = try MailServers.running()
        try await withTestClient(.live, configure: Self.configure(servers)) { client, services in
            try await Self.firstPoll(services)
            let marker = UUID().uuidString.prefix(8)
            let first = "parcel-\(marker)@customer.example.test"
            try await Self.submit(
                servers, from: "customer@example.test",
                Self.mail(
                    [
                        "From: Cy Customer <customer@example.test>", "To: support@example.test",
                        "Subject: Parcel late \(marker)", "Message-ID: <\(first)>",
                        "Date: Thu, 03 Dec 2026 10:00:00 +0000",
                    ], body: "Where is my parcel \(marker)?"))
            let opened = try await Self.ticket(of: first, in: services)
            #expect(opened.ticket.channel == .email && opened.ticket.externalID == first)
            #expect(opened.ticket.subject == "Parcel late \(marker)")
            #expect(opened.customer?.email == "customer@example.test" && opened.customer?.name == "Cy Customer")
            #expect(opened.messages.first?.author == .customer)
            #expect(opened.messages.first?.body == "Where is my parcel \(marker)?")

            // The agent's reply answers the customer's mail.
            let agent = try await services.bearer(.agent)
            let id = Int(opened.ticket.id)
            let sent = try await client.send(
                .post, "/v1/agent/tickets/\(id)/edit", headers: agent + jsonHeaders,
                body: #"{"body":"It ships today \#(marker)"}"#)
            #expect(sent.status == .ok, "\(String(buffer: sent.body))")
            let delivery = try await EmailDeliveryTests.settledDelivery(client, services, ticket: id)
            #expect(delivery["status"] as? String == "sent", "\(delivery)")
            let replyID = try #require(delivery["provider_id"] as? String)
            let reply = try await Self.deliveredMail(servers, messageID: replyID)
            #expect(reply.contains("In-Reply-To: <\(first)>"), "\(reply)")
            #expect(reply.contains("References: <\(first)>"))
            #expect(reply.contains("Subject: Re: Parcel late \(marker) [TF-\(id)]"))

            // The customer answers the reply, without the ticket token: the headers alone thread it.
            let second = "parcel-\(marker)-2@customer.example.test"
            try await Self.submit(
                servers, from: "customer@example.test",
                Self.mail(
                    [
                        "From: customer@example.test", "To: support@example.test", "Subject: Re: Parcel late",
                        "Message-ID: <\(second)>", "In-Reply-To: <\(replyID)>", "References: <\(first)> <\(replyID)>",
                    ], body: "Thanks, got it \(marker).\r\n\r\nOn Thu, Acme Support wrote:\r\n> It ships today"))
            let continued = try await Self.ticket(of: second, in: services)
            #expect(continued.ticket.id == opened.ticket.id)
            #expect(continued.messages.last(where: { $0.author == .customer })?.body == "Thanks, got it \(marker).")

            // Reading the whole folder again (a lost position, a new node) creates nothing twice.
            let settings = try #require(try services.configuration.inboundEmail())
            let position = try #require(try await services.store.mailboxPosition(settings.key))
            try await services.store.saveMailboxPosition(
                settings.key, MailboxPosition(uidValidity: position.uidValidity, lastUID: 0), at: Date())
            let poller = try #require(try services.mailboxPoller(logger: TestApp.logger))
            // The server's own poller may get there first; either way nothing may be stored twice.
            _ = try await poller.poll()
            let after = try #require(try await services.store.ticketDetail(id: opened.ticket.id))
            #expect(after.messages.count == continued.messages.count)
            let page = try await services.store.listTickets(TicketQuery(limit: 200))
            #expect(page.tickets.filter { $0.subject.contains(String(marker)) }.count == 1)
        }
    }

    /// Connecting a team's inbox must not turn the mail already in it into tickets: by default the first
    /// poll starts after it, and only mail that arrives later is read.
    @Test func aNewMailboxStartsWithTheMailThatArrivesAfterItsFirstPoll() async throws {
        let servers = try MailServers.running()
        try await withTemporaryDirectory { dir in
            let services = try await TestApp.services(dataDirectory: dir) { configuration in
                Self.configure(servers)(&configuration)
                configuration.emailImportExisting = false
            }
            let old = "old-\(UUID().uuidString)@example.test"
            try await Self.submit(
                servers, from: "customer@example.test",
                Self.mail(
                    [
                        "From: customer@example.test", "To: support@example.test", "Subject: Old",
                        "Message-ID: <\(old)>",
                    ],
                    body: "Sent before the mailbox was connected."))
            // Postfix delivers in the background: wait until the old mail lies in the mailbox.
            let inbox = servers.maildir(of: "support@example.test").appendingPathComponent("new")
            let deadline = Date().addingTimeInterval(15)
            while Date() < deadline {
                let files = try FileManager.default.contentsOfDirectory(at: inbox, includingPropertiesForKeys: nil)
                if try files.contains(where: { try String(contentsOf: $0, encoding: .utf8).contains(old) }) { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            let poller = try #require(try services.mailboxPoller(logger: TestApp.logger))
            _ = try await poller.poll()
            #expect(try await services.store.ticket(forEmailMessageIDs: [old]) == nil, "old mail stays out")

            let new = "new-\(UUID().uuidString)@example.test"
            try await Self.submit(
                servers, from: "customer@example.test",
                Self.mail(
                    [
                        "From: customer@example.test", "To: support@example.test", "Subject: New",
                        "Message-ID: <\(new)>",
                    ],
                    body: "Sent after the mailbox was connected."))
            var ticket: Int64?
            let until = Date().addingTimeInterval(15)
            while ticket == nil && Date() < until {
                _ = try await poller.poll()
                ticket = try await services.store.ticket(forEmailMessageIDs: [new])
                if ticket == nil { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(ticket != nil, "mail that arrives later is read")
            #expect(try await services.store.ticket(forEmailMessageIDs: [old]) == nil)
        }
    }

    @Test func anAutoReplyOpensATicketWithoutAnAutomaticAnswer() async throws {
        let servers = try MailServers.running()
        try await withTestClient(.live, configure: Self.configure(servers)) { client, services in
            try await Self.firstPoll(services)
            let marker = UUID().uuidString.prefix(8)
            let messageID = "oof-\(marker)@contoso.example"
            try await Self.submit(
                servers, from: "maria.schmidt@contoso.example",
                Self.mail(
                    [
                        "From: Maria Schmidt <maria.schmidt@contoso.example>", "To: support@example.test",
                        "Subject: Automatic reply: Duplicate charge \(marker)", "Message-ID: <\(messageID)>",
                        "Auto-Submitted: auto-replied", "X-Auto-Response-Suppress: All",
                    ], body: "I am out of the office until Monday \(marker)."))
            let ticket = try await Self.ticket(of: messageID, in: services)
            #expect(ticket.customer?.email == "maria.schmidt@contoso.example")
            let note = try #require(ticket.messages.first { $0.author == .system }, "\(ticket.messages)")
            #expect(note.body.hasPrefix("No automatic answer: auto"), "\(note.body)")
            #expect(ticket.messages.allSatisfy { $0.delivery == nil }, "nothing is sent back to a machine")
            #expect(!ticket.messages.contains { $0.author == .ai }, "the AI answer is a draft, not a message")
            #expect(ticket.ticket.status == .awaitingReview, "an agent decides: \(ticket.ticket.status)")
        }
    }

    @Test func aBounceFailsTheDeliveryItReports() async throws {
        let servers = try MailServers.running()
        try await withTestClient(.live, configure: Self.configure(servers)) { client, services in
            try await Self.firstPoll(services)
            let marker = UUID().uuidString.prefix(8)
            let id = try await EmailDeliveryTests.replyOnEmailTicket(
                client, services, customer: "customer@example.test", reply: "Reset link \(marker)")
            let delivery = try await EmailDeliveryTests.settledDelivery(client, services, ticket: id)
            #expect(delivery["status"] as? String == "sent", "\(delivery)")
            let replyID = try #require(delivery["provider_id"] as? String)

            // The relay accepted it; later the customer's server bounces it (the fixture's shape).
            let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("Fixtures/mail/dsn-bounce.eml")
            let bounceID = "bounce-\(marker)@mail.example.test"
            let dsn = try String(contentsOf: fixture, encoding: .utf8)
                .replacingOccurrences(of: "<20261203100502.4F2A1C0E12@mail.example.test>", with: "<\(bounceID)>")
                .replacingOccurrences(of: "<a1b2c3d4e5f6.1733220300@support.example.test>", with: "<\(replyID)>")
                .replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")
            try await Self.submit(servers, from: "", dsn)

            let deadline = Date().addingTimeInterval(30)
            var failed: Delivery?
            while Date() < deadline {
                let current = try await services.store.delivery(id: Int64(try #require(delivery["id"] as? Int)))
                if current?.status == .failed {
                    failed = current
                    break
                }
                try await Task.sleep(for: .milliseconds(200))
            }
            let bounced = try #require(failed, "the delivery was not failed by the bounce")
            #expect(bounced.lastError?.contains("5.1.1") == true, "\(bounced.lastError ?? "")")
            let agent = try await services.bearer(.agent)
            let events = try json(try await client.send(.get, "/v1/events?limit=500", headers: agent))
            let reported = (events["events"] as? [[String: Any]] ?? []).filter {
                $0["type"] as? String == "delivery.failed" && $0["ticket_id"] as? Int == id
            }
            #expect(reported.count == 1)
            #expect(try await services.store.ticket(forEmailMessageIDs: [bounceID]) == nil, "a bounce is no ticket")
        }
    }
}
