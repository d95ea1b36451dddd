import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TicketflowApp
import TicketflowCore
import TicketflowTesting

/// The console's Mailboxes page over real HTTP: an admin adds a mailbox through the form (a forged form and
/// bad input change nothing, and the reason is on the page), sees where it is read and answered from but never
/// its password, turns it off and on and deletes it, each with a message saying what happened. Agents are
/// refused.
@Suite struct MailboxConsoleTests {
    static let secret = "Hunter2-secret"

    static func form(_ csrf: String, name: String, imap: String, smtp: String = "") -> String {
        let encode = { (text: String) in text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text }
        return
            "_csrf=\(csrf)&name=\(name)&address=sales%40acme.example&imap_url=\(encode(imap))&smtp_url=\(encode(smtp))"
    }

    @Test func anAdminAddsTurnsOffAndDeletesAMailbox() async throws {
        try await withTestClient(.live) { client, services in
            let admin = try await client.signIn(services, email: "lead@example.com", role: .admin)
            let agent = try await client.signIn(services, email: "ann@example.com", role: .agent)
            let empty = html(try await client.send(.get, "/console/mailboxes", headers: admin.headers()))
            #expect(empty.contains("id=\"nav-mailboxes\"") && empty.contains("No mailboxes added yet."))
            #expect(try await client.send(.get, "/console/mailboxes", headers: agent.headers()).status == .forbidden)
            #expect(
                !html(try await client.send(.get, "/console/queue", headers: agent.headers())).contains("nav-mailboxes")
            )

            let imap = "imaps://sales%40acme.example:\(Self.secret)@imap.acme.example/Support"
            let forged = try await client.send(
                .post, "/console/mailboxes", headers: admin.headers(form: true),
                body: Self.form("forged", name: "sales", imap: imap))
            #expect(forged.status == .forbidden)
            let refused = try await client.send(
                .post, "/console/mailboxes", headers: agent.headers(form: true),
                body: Self.form(agent.csrf, name: "sales", imap: imap))
            #expect(refused.status == .forbidden)
            let bad = try await client.send(
                .post, "/console/mailboxes", headers: admin.headers(form: true),
                body: Self.form(admin.csrf, name: "sales", imap: "pop3://u:\(Self.secret)@pop.acme.example"))
            #expect(bad.status == .badRequest)
            #expect(
                html(bad).contains(
                    "IMAP URL: must start with imaps://, imap:// or imap+plain://, not pop3://. Enter the URLs again."),
                "\(html(bad))")
            #expect(html(bad).contains("value=\"sales\"") && !html(bad).contains(Self.secret))
            #expect(try await services.store.mailboxAccounts().isEmpty, "a forged, refused or bad form adds nothing")

            let added = try await client.send(
                .post, "/console/mailboxes", headers: admin.headers(form: true),
                body: Self.form(admin.csrf, name: "sales", imap: imap))
            #expect(added.status == .seeOther && added.headers[.location] == "/console/mailboxes?done=added")
            let mailbox = try #require(try await services.store.mailboxAccount(named: "sales"))
            #expect(mailbox.imapURL == imap && mailbox.smtpURL == nil && mailbox.enabled)
            let page = html(try await client.send(.get, "/console/mailboxes?done=added", headers: admin.headers()))
            #expect(page.contains("Mailbox added. Its first poll comes within seconds"))
            #expect(Self.cell("address", of: mailbox.id, in: page) == "sales@acme.example")
            #expect(Self.cell("server", of: mailbox.id, in: page) == "imap.acme.example:993 (TLS)")
            #expect(Self.cell("folder", of: mailbox.id, in: page) == "Support")
            #expect(Self.cell("replies", of: mailbox.id, in: page)?.contains("smtp_url") == true)
            #expect(Self.cell("state", of: mailbox.id, in: page) == "On")
            #expect(!page.contains(Self.secret))

            let twice = try await client.send(
                .post, "/console/mailboxes", headers: admin.headers(form: true),
                body: Self.form(admin.csrf, name: "sales", imap: imap))
            #expect(twice.status == .badRequest && html(twice).contains("A mailbox named sales already exists"))

            let off = try await client.send(
                .post, "/console/mailboxes/\(mailbox.id)/disable", headers: admin.headers(form: true),
                body: "_csrf=\(admin.csrf)")
            #expect(off.status == .seeOther && off.headers[.location] == "/console/mailboxes?done=disable")
            let offPage = html(try await client.send(.get, "/console/mailboxes?done=disable", headers: admin.headers()))
            #expect(Self.cell("state", of: mailbox.id, in: offPage) == "Off" && offPage.contains("Turned off."))
            #expect(try await services.store.mailboxAccount(id: mailbox.id)?.enabled == false)
            _ = try await client.send(
                .post, "/console/mailboxes/\(mailbox.id)/enable", headers: admin.headers(form: true),
                body: "_csrf=\(admin.csrf)")
            #expect(try await services.store.mailboxAccount(id: mailbox.id)?.enabled == true)

            let deleted = try await client.send(
                .post, "/console/mailboxes/\(mailbox.id)/delete", headers: admin.headers(form: true),
                body: "_csrf=\(admin.csrf)")
            #expect(deleted.headers[.location] == "/console/mailboxes?done=delete")
            #expect(try await services.store.mailboxAccounts().isEmpty)
            let gone = html(try await client.send(.get, "/console/mailboxes?done=delete", headers: admin.headers()))
            #expect(gone.contains("Deleted. It is no longer polled; its tickets stay."))
            let again = try await client.send(
                .post, "/console/mailboxes/\(mailbox.id)/delete", headers: admin.headers(form: true),
                body: "_csrf=\(admin.csrf)")
            #expect(again.status == .notFound)
        }
    }

    static func cell(_ name: String, of id: Int64, in page: String) -> String? {
        guard let row = page.range(of: "<tr id=\"mailbox-\(id)\">") else { return nil }
        return WebhookConsoleTests.text(
            between: "<td class=\"\(name)\">", and: "</td>", in: String(page[row.upperBound...]))
    }
}
