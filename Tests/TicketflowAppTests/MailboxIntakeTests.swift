import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TicketflowApp
import TicketflowCore
import TicketflowSMTP
import TicketflowTesting

/// A mailbox an admin adds over the API while the server runs (agent@ on the real Dovecot of
/// scripts/mail-servers.sh) is polled next to the configuration file's (support@) without a restart; its mail
/// opens a ticket that records the mailbox, the agent's reply goes out From its address through its own SMTP
/// server (Postfix submission, STARTTLS and AUTH), its own address's mail is a loop, and once it is turned off
/// its mail is no longer read.
@Suite(.serialized) struct MailboxIntakeTests {
    /// Submits `mail` to `recipient` through the Postfix relay, as a customer's mail server would.
    static func submit(
        _ servers: MailServers, from sender: String = "customer@example.test", to recipient: String,
        messageID: String, subject: String
    ) async throws {
        let mail = EmailIntakeTests.mail(
            ["From: \(sender)", "To: \(recipient)", "Subject: \(subject)", "Message-ID: <\(messageID)>"],
            body: "About \(subject).")
        let client = SMTPClient(
            configuration: SMTPConfiguration(host: servers.host, port: servers.smtpRelayPort, security: .none))
        try await client.send(from: sender, to: [recipient], message: Array(mail.utf8))
    }

    /// Waits until Postfix has put the mail with `messageID` into `user`'s Maildir, so a later mail gets a
    /// higher UID.
    static func delivered(_ servers: MailServers, to user: String, messageID: String) async throws {
        let inbox = servers.maildir(of: user).appendingPathComponent("new")
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline {
            let files = try FileManager.default.contentsOfDirectory(at: inbox, includingPropertiesForKeys: nil)
            if try files.contains(where: { try String(contentsOf: $0, encoding: .utf8).contains(messageID) }) { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw MailServersError.failed("<\(messageID)> not delivered to \(user) within 15 s")
    }

    @Test func aMailboxAddedAtRunTimeIsPolledAndAnsweredFromItsAddress() async throws {
        let servers = try MailServers.running()
        let configure = EmailIntakeTests.configure(servers)
        try await withTestClient(.live) {
            configure(&$0)
            $0.smtpCAFile = servers.certificatePath
        } _: { client, services in
            try await EmailIntakeTests.firstPoll(services)
            let admin = try await services.bearer(.admin)
            let imap = "imap://agent%40example.test:\(MailServers.password)@127.0.0.1:\(servers.imapPort)/INBOX"
            let smtp = "smtp://agent%40example.test:\(MailServers.password)@127.0.0.1:\(servers.smtpPort)"
            let added = Date()
            let created = try await client.send(
                .post, "/v1/admin/mailboxes", headers: admin,
                body: #"{"name":"agent","address":"agent@example.test","imap_url":"\#(imap)","smtp_url":"\#(smtp)"}"#)
            #expect(created.status == .created, "\(String(buffer: created.body))")
            let id = try #require(try json(created)["id"] as? Int)

            // Its first poll records where its INBOX stands, within the directory's refresh (5 s) and a slot;
            // the 20 s bound only stops the wait (a tighter one failed on a loaded machine: timing is for benchmarks).
            let key = try InboundEmailSettings(imapURL: imap, mailbox: "agent@example.test").key
            while try await services.store.mailboxPosition(key) == nil {
                guard Date().timeIntervalSince(added) < 20 else {
                    Issue.record("the added mailbox was not polled within 20 s")
                    return
                }
                try await Task.sleep(for: .milliseconds(100))
            }

            let marker = UUID().uuidString.prefix(8)
            // Its own address's mail is a loop (read before the next mail, which has a higher UID): no ticket.
            let loop = "loop-\(marker)@example.test"
            try await Self.submit(
                servers, from: "agent@example.test", to: "agent@example.test", messageID: loop,
                subject: "Loop \(marker)")
            try await Self.delivered(servers, to: "agent@example.test", messageID: loop)
            let toAgent = "agent-\(marker)@customer.example.test"
            let toSupport = "support-\(marker)@customer.example.test"
            try await Self.submit(servers, to: "agent@example.test", messageID: toAgent, subject: "Refund \(marker)")
            try await Self.submit(servers, to: "support@example.test", messageID: toSupport, subject: "Login \(marker)")
            let opened = try await EmailIntakeTests.ticket(of: toAgent, in: services)
            #expect(opened.ticket.channel == .email && opened.ticket.subject == "Refund \(marker)")
            #expect(try await services.store.latestInboundMailbox(ticketID: opened.ticket.id) == "agent")
            #expect(try await services.store.ticket(forEmailMessageIDs: [loop]) == nil, "a loop opens no ticket")
            let viaSupport = try await EmailIntakeTests.ticket(of: toSupport, in: services)
            #expect(try await services.store.latestInboundMailbox(ticketID: viaSupport.ticket.id) == "default")

            // The agent's reply goes out through the mailbox the mail came in by.
            let ticket = Int(opened.ticket.id)
            let sent = try await client.send(
                .post, "/v1/agent/tickets/\(ticket)/edit", headers: try await services.bearer(.agent),
                body: #"{"body":"Your refund is on its way \#(marker)"}"#)
            #expect(sent.status == .ok, "\(String(buffer: sent.body))")
            let delivery = try await EmailDeliveryTests.settledDelivery(client, services, ticket: ticket)
            #expect(delivery["status"] as? String == "sent", "\(delivery)")
            let replyID = try #require(delivery["provider_id"] as? String)
            #expect(replyID.hasSuffix("@example.test"))
            let reply = try await EmailIntakeTests.deliveredMail(servers, messageID: replyID)
            #expect(reply.split(whereSeparator: \.isNewline).contains("From: <agent@example.test>"), "\(reply)")
            #expect(reply.contains("In-Reply-To: <\(toAgent)>"))
            // Through its own server (submission: TLS and AUTH), not the configuration's relay (plain ESMTP).
            #expect(reply.contains("with ESMTPSA"), "\(reply)")

            // Turned off: within the refresh its chain ends, and its new mail stays unread.
            let off = try await client.send(
                .patch, "/v1/admin/mailboxes/\(id)", headers: admin, body: #"{"enabled":false}"#)
            #expect(off.status == .ok)
            try await Task.sleep(for: .seconds(7))
            let late = "agent-late-\(marker)@customer.example.test"
            try await Self.submit(servers, to: "agent@example.test", messageID: late, subject: "Late \(marker)")
            try await Task.sleep(for: .seconds(4))
            #expect(try await services.store.ticket(forEmailMessageIDs: [late]) == nil)
        }
    }
}
