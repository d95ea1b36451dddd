import Foundation
import Testing
import TicketflowCore
import TicketflowMIME
import TicketflowSMTP
import TicketflowTesting

@testable import TicketflowApp

/// Which way a reply goes out, decided from the mailbox the ticket's latest customer mail came through: that
/// mailbox's address as From, its own SMTP server when it has one, else the configuration's `smtp_url`; the
/// configuration's `email_from` for the configured mailbox, a deleted mailbox, or a ticket without mail.
@Suite struct MailboxReplyRouteTests {
    @Test func repliesGoOutThroughTheMailboxTheMailCameIn() async throws {
        try await withTemporaryDirectory { dir in
            let services = try await TestApp.services(dataDirectory: dir) { configuration in
                configuration.smtpURL = "smtp+plain://127.0.0.1:2525"
                configuration.emailFrom = "Acme Support <support@example.test>"
            }
            let adapter = try #require(services.deliveries.adapters[.email] as? SMTPDeliveryAdapter)
            let accounts = services.mailboxAccounts
            let sales = try await accounts.create(
                NewMailboxAccount(
                    name: "sales", address: "sales@example.test", imapURL: "imaps://s:pw@imap.example.test"))
            _ = try await accounts.create(
                NewMailboxAccount(
                    name: "eu", address: "eu@example.test", imapURL: "imaps://e:pw@imap.example.test",
                    smtpURL: "smtps://e:pw@smtp.eu.example.test"))
            func ticket(_ mailbox: String?) async throws -> Ticket {
                let ticket = try await services.tickets.intake(IntakeRequest(body: "Hello", channel: .email)).detail
                    .ticket
                if let mailbox {
                    try await services.store.recordEmailMessageID(
                        "m-\(ticket.id)@c", ticketID: ticket.id, direction: .inbound, mailbox: mailbox, at: Date())
                }
                return ticket
            }
            func route(_ ticket: Ticket) async throws -> (from: String, server: String) {
                let (settings, _) = try await adapter.sender(for: ticket)
                return (settings.from.address, "\(settings.smtp.host):\(settings.smtp.port)")
            }
            let viaSales = try await ticket("sales")
            #expect(try await route(viaSales) == ("sales@example.test", "127.0.0.1:2525"))
            #expect(try await route(try await ticket("eu")) == ("eu@example.test", "smtp.eu.example.test:465"))
            #expect(try await route(try await ticket("default")) == ("support@example.test", "127.0.0.1:2525"))
            #expect(try await route(try await ticket(nil)) == ("support@example.test", "127.0.0.1:2525"))
            try await accounts.delete(id: sales.id)
            #expect(try await route(viaSales) == ("support@example.test", "127.0.0.1:2525"))
        }
    }
}
