import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TicketflowApp
import TicketflowCore
import TicketflowTesting

/// `/v1/admin/mailboxes`: admins only; URLs checked by the parsers the configuration file's `imap_url` and
/// `smtp_url` go through, a refused field named in a 400; a taken name a 409; and the passwords, stored as
/// given, never in an answer.
@Suite struct MailboxAdminTests {
    static let password = "pa55-Wörd:7"
    static let encodedPassword = "pa55-W%C3%B6rd%3A7"

    @Test func adminsManageMailboxesAndNeverSeeTheirPasswords() async throws {
        try await withTestClient { client, services in
            let admin = try await services.bearer(.admin)
            var bodies: [String] = []
            func send(_ method: HTTPRequest.Method, _ uri: String, _ body: String? = nil) async throws -> TestResponse {
                let response = try await client.send(method, uri, headers: admin, body: body)
                bodies.append(String(buffer: response.body))
                return response
            }
            let imap = "imaps://support%40acme.example:\(Self.encodedPassword)@imap.acme.example/Support"
            let smtp = "smtp://support%40acme.example:\(Self.encodedPassword)@smtp.acme.example:587"
            let body = #"{"name":"acme","address":"Support@Acme.example","imap_url":"\#(imap)","smtp_url":"\#(smtp)"}"#

            try expectProblem(
                try await client.send(
                    .post, "/v1/admin/mailboxes", headers: try await services.bearer(.agent), body: body),
                .forbidden, "forbidden")
            #expect(try await client.send(.get, "/v1/admin/mailboxes").status == .unauthorized)

            let created = try await send(.post, "/v1/admin/mailboxes", body)
            #expect(created.status == .created, "\(String(buffer: created.body))")
            let mailbox = try json(created)
            let id = try #require(mailbox["id"] as? Int)
            #expect(mailbox["name"] as? String == "acme" && mailbox["address"] as? String == "support@acme.example")
            #expect(mailbox["imap_url"] as? String == "imaps://support%40acme.example:•••@imap.acme.example/Support")
            #expect(mailbox["smtp_url"] as? String == "smtp://support%40acme.example:•••@smtp.acme.example:587")
            #expect(mailbox["enabled"] as? Bool == true)
            // Stored as given: the poller needs the password.
            #expect(try await services.store.mailboxAccount(id: Int64(id))?.imapURL == imap)

            try expectProblem(try await send(.post, "/v1/admin/mailboxes", body), .conflict, "conflict")
            let listed = try json(try await send(.get, "/v1/admin/mailboxes"))
            #expect((listed["mailboxes"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["acme"])
            #expect(try json(try await send(.get, "/v1/admin/mailboxes/\(id)"))["name"] as? String == "acme")

            let off = try json(try await send(.patch, "/v1/admin/mailboxes/\(id)", #"{"enabled":false}"#))
            #expect(off["enabled"] as? Bool == false && off["smtp_url"] as? String != nil)
            let own = try json(try await send(.patch, "/v1/admin/mailboxes/\(id)", #"{"smtp_url":null}"#))
            #expect(own["smtp_url"] == nil && own["enabled"] as? Bool == false)
            #expect(try await services.store.mailboxAccount(id: Int64(id))?.smtpURL == nil)

            #expect(try await send(.delete, "/v1/admin/mailboxes/\(id)").status == .noContent)
            try expectProblem(try await send(.get, "/v1/admin/mailboxes/\(id)"), .notFound, "not-found")
            try expectProblem(try await send(.delete, "/v1/admin/mailboxes/\(id)"), .notFound, "not-found")
            for body in bodies {
                #expect(!body.contains(Self.encodedPassword) && !body.contains(Self.password), "\(body)")
            }
        }
    }

    @Test func aRefusedFieldIsNamedWithoutThePassword() async throws {
        try await withTestClient { client, services in
            let admin = try await services.bearer(.admin)
            let secret = Self.encodedPassword
            let good = "imaps://u:\(secret)@imap.example.test/INBOX"
            let cases: [(name: String, address: String, imap: String, smtp: String?, field: String)] = [
                ("ok", "a@example.test", "pop3://u:\(secret)@imap.example.test/INBOX", nil, "imap_url"),
                ("ok", "a@example.test", "imaps://imap.example.test/INBOX", nil, "imap_url"),
                ("ok", "a@example.test", "imap+plain://u:\(secret)@imap.example.test/INBOX", nil, "imap_url"),
                ("ok", "a@example.test", "not a url \(secret)", nil, "imap_url"),
                ("ok", "a@example.test", good, "http://u:\(secret)@smtp.example.test", "smtp_url"),
                ("ok", "nobody", good, nil, "address"),
                ("default", "a@example.test", good, nil, "name"),
                ("two words", "a@example.test", good, nil, "name"),
            ]
            for item in cases {
                let smtp = item.smtp.map { #","smtp_url":"\#($0)""# } ?? ""
                let response = try await client.send(
                    .post, "/v1/admin/mailboxes", headers: admin,
                    body: #"{"name":"\#(item.name)","address":"\#(item.address)","imap_url":"\#(item.imap)"\#(smtp)}"#)
                try expectProblem(response, .badRequest, "invalid-field")
                let detail = try json(response)["detail"] as? String ?? ""
                #expect(detail.hasPrefix(item.field + " "), "\(item): \(detail)")
                #expect(!detail.contains(secret), "\(detail)")
            }
            #expect(try await services.store.mailboxAccounts().isEmpty)

            // A change is checked the same way, and a refused one changes nothing.
            let created = try await client.send(
                .post, "/v1/admin/mailboxes", headers: admin,
                body: #"{"name":"sales","address":"sales@example.test","imap_url":"\#(good)"}"#)
            let id = try #require(try json(created)["id"] as? Int)
            let refused = try await client.send(
                .patch, "/v1/admin/mailboxes/\(id)", headers: admin, body: #"{"imap_url":"smtp://u:\#(secret)@h"}"#)
            try expectProblem(refused, .badRequest, "invalid-field")
            #expect(
                try json(refused)["detail"] as? String ?? ""
                    == "imap_url must start with imaps://, imap:// or imap+plain://, not smtp://")
            #expect(try await services.store.mailboxAccount(id: Int64(id))?.imapURL == good)
        }
    }
}
