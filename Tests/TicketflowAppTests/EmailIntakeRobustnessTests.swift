import Foundation
import Testing
import TicketflowApp
import TicketflowCore
import TicketflowTesting

/// The poller on its own (no background service): damaged mail still becomes a ticket with a note and the
/// mail after it is read too, and IDLE brings a new mail in without waiting for the next poll.
@Suite(.serialized) struct EmailIntakeRobustnessTests {
    /// Runs `body` with services on a fresh store whose poller reads support@'s INBOX; nothing polls by itself.
    static func withPoller(_ body: (AppServices, MailboxPoller) async throws -> Void) async throws {
        let servers = try MailServers.running()
        try await withTemporaryDirectory { directory in
            let services = try await TestApp.services(dataDirectory: directory) { configuration in
                EmailIntakeTests.configure(servers)(&configuration)
            }
            let poller = try #require(try services.mailboxPoller(logger: TestApp.logger))
            // The first poll records where the shared INBOX stands; the test's own mail comes after it.
            try await poller.poll()
            try await body(services, poller)
        }
    }

    @Test func aDamagedMailBecomesATicketWithANoteAndTheNextIsReadToo() async throws {
        let servers = try MailServers.running()
        try await Self.withPoller { services, poller in
            let marker = UUID().uuidString.prefix(8)
            let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("Fixtures/mail/malformed-bad-base64.eml")
            let damaged = "bad-b64-\(marker)@example.com"
            let raw = try String(contentsOf: fixture, encoding: .utf8)
                .replacingOccurrences(of: "<bad-b64-1@example.com>", with: "<\(damaged)>")
                .replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")
            try await EmailIntakeTests.submit(servers, from: "kim@example.com", raw)
            let clean = "after-\(marker)@example.com"
            try await EmailIntakeTests.submit(
                servers, from: "kim@example.com",
                EmailIntakeTests.mail(
                    ["From: kim@example.com", "To: support@example.test", "Subject: Also", "Message-ID: <\(clean)>"],
                    body: "One more thing \(marker)."))

            let deadline = Date().addingTimeInterval(30)
            while Date() < deadline, try await services.store.ticket(forEmailMessageIDs: [clean]) == nil {
                try await poller.poll()
                try await Task.sleep(for: .milliseconds(200))
            }
            let ticket = try await EmailIntakeTests.ticket(of: damaged, in: services)
            #expect(ticket.ticket.subject == "Order missing" && ticket.customer?.email == "kim@example.com")
            #expect(ticket.messages.first?.author == .customer && ticket.messages.first?.body.isEmpty == false)
            let note = try #require(ticket.messages.first { $0.author == .system }, "\(ticket.messages)")
            #expect(note.body.hasPrefix("The mail could not be read cleanly:"), "\(note.body)")
            #expect(note.body.contains("base64"), "\(note.body)")
            let next = try await EmailIntakeTests.ticket(of: clean, in: services)
            #expect(next.messages.first?.body == "One more thing \(marker).")
        }
    }

    @Test func aSubjectTokenThreadsOnlyTheTicketsOwnCustomer() async throws {
        let servers = try MailServers.running()
        try await Self.withPoller { services, poller in
            let marker = UUID().uuidString.prefix(8)
            let first = "token-\(marker)@example.com"
            try await EmailIntakeTests.submit(
                servers, from: "kim@example.com",
                EmailIntakeTests.mail(
                    ["From: kim@example.com", "Subject: Refund \(marker)", "Message-ID: <\(first)>"],
                    body: "Please refund order \(marker)."))
            var ticket: Int64?
            let deadline = Date().addingTimeInterval(30)
            while ticket == nil, Date() < deadline {
                try await poller.poll()
                ticket = try await services.store.ticket(forEmailMessageIDs: [first])
            }
            let id = try #require(ticket)
            // Headers lost (a new mail typed by hand), token kept: the customer's own mail joins the ticket,
            // a stranger quoting the token gets a ticket of their own.
            let own = "token-\(marker)-own@example.com"
            let stranger = "token-\(marker)-stranger@example.com"
            for (sender, messageID) in [("KIM@example.com", own), ("eve@example.com", stranger)] {
                try await EmailIntakeTests.submit(
                    servers, from: sender,
                    EmailIntakeTests.mail(
                        ["From: \(sender)", "Subject: Re: Refund [TF-\(id)]", "Message-ID: <\(messageID)>"],
                        body: "About that refund \(marker), from \(sender)."))
            }
            while Date() < deadline, try await services.store.ticket(forEmailMessageIDs: [stranger]) == nil {
                try await poller.poll()
            }
            #expect(try await services.store.ticket(forEmailMessageIDs: [own]) == id)
            let other = try #require(try await services.store.ticket(forEmailMessageIDs: [stranger]))
            #expect(other != id)
            #expect(try await services.store.ticketDetail(id: other)?.customer?.email == "eve@example.com")
        }
    }

    @Test func idleBringsNewMailInBeforeThePollEnds() async throws {
        let servers = try MailServers.running()
        try await Self.withPoller { services, poller in
            try await poller.poll()  // everything already in the INBOX
            let marker = UUID().uuidString.prefix(8)
            let messageID = "idle-\(marker)@example.com"
            let started = ContinuousClock.now
            async let submitted: Void = {
                try await Task.sleep(for: .seconds(1))
                try await EmailIntakeTests.submit(
                    servers, from: "kim@example.com",
                    EmailIntakeTests.mail(
                        ["From: kim@example.com", "Subject: Idle \(marker)", "Message-ID: <\(messageID)>"],
                        body: "Are you there \(marker)?"))
            }()
            // Each poll waits in IDLE for up to 20 s; other tests' mail may end one early, so poll until ours
            // is in. The poll that read it was waiting when the mail arrived (a poll without IDLE takes
            // milliseconds), and it did not wait out its 20 s.
            var longest = Duration.zero
            while try await services.store.ticket(forEmailMessageIDs: [messageID]) == nil,
                ContinuousClock.now - started < .seconds(15)
            {
                let poll = ContinuousClock.now
                try await poller.poll(idle: .seconds(20))
                longest = max(longest, ContinuousClock.now - poll)
            }
            try await submitted
            #expect(ContinuousClock.now - started < .seconds(15))
            #expect(longest >= .milliseconds(500), "no poll waited in IDLE")
            #expect(try await services.store.ticket(forEmailMessageIDs: [messageID]) != nil)
        }
    }
}
