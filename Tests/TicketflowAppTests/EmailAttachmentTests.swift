import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TicketflowApp
import TicketflowCore
import TicketflowTesting

/// Attachments and originals of customer mail, end to end through the real Postfix and Dovecot: the poller
/// keeps each part within `email_attachment_max_bytes` and the raw mail, agents download them byte for byte
/// and always as downloads (never rendered in the console's origin), and the console lists them under the
/// message. A mail whose ticket was written before a crash is archived when it is read again.
@Suite(.serialized) struct EmailAttachmentTests {
    /// Every byte value behind a PDF header, so any re-encoding on the way shows.
    static let pdf: [UInt8] = Array("%PDF-1.4\n".utf8) + (0...255).map(UInt8.init) + Array("\n%%EOF\n".utf8)
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + (0..<64).map { UInt8($0 * 3 % 256) }
    /// Over the 4 KB limit the tests configure.
    static let big = [UInt8](repeating: 0x42, count: 5000)

    static func configure(_ servers: MailServers) -> @Sendable (inout AppConfiguration) -> Void {
        { configuration in
            EmailIntakeTests.configure(servers)(&configuration)
            // Through the setting, as a config file sets it; a refused value shows below as a 10 MB limit.
            try? configuration.set("email_attachment_max_bytes", to: "4096", source: "test")
        }
    }

    static func base64(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString(options: [
            .lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed,
        ])
    }

    /// A part of a multipart body, CRLF line ends.
    static func part(_ headers: [String], _ body: String) -> String {
        (headers + ["", body]).joined(separator: "\r\n")
    }

    /// Joins `parts` into a multipart body with `boundary`.
    static func multipart(_ boundary: String, _ parts: [String]) -> String {
        parts.map { "--\(boundary)\r\n\($0)\r\n" }.joined() + "--\(boundary)--\r\n"
    }

    /// A customer's reply with quoted history and a signature, an inline image in the HTML, a PDF, an HTML file
    /// (which must never render) and a file over the limit.
    static func mail(messageID: String, marker: String) -> String {
        let text =
            "The screen cracked again \(marker), receipt attached.\r\n\r\n-- \r\nCy Customer\r\nSignature Inc "
            + "\(marker)\r\n\r\nOn Mon, 30 Nov 2026, Acme Support wrote:\r\n> Old quoted history \(marker)\r\n"
        let alternative = multipart(
            "alt-\(marker)",
            [
                part(["Content-Type: text/plain; charset=utf-8"], text),
                part(
                    ["Content-Type: text/html; charset=utf-8"],
                    "<p>The screen cracked again \(marker), receipt attached.</p><img src=\"cid:shot@x\">"),
            ])
        let related = multipart(
            "rel-\(marker)",
            [
                part(["Content-Type: multipart/alternative; boundary=\"alt-\(marker)\""], alternative),
                part(
                    [
                        "Content-Type: image/png; name=\"screen.png\"",
                        "Content-Disposition: inline; filename=\"screen.png\"",
                        "Content-ID: <shot@x>", "Content-Transfer-Encoding: base64",
                    ], base64(png)),
            ])
        let body = multipart(
            "mixed-\(marker)",
            [
                part(["Content-Type: multipart/related; boundary=\"rel-\(marker)\""], related),
                part(
                    [
                        "Content-Type: application/pdf; name=\"receipt.pdf\"",
                        "Content-Disposition: attachment; filename=\"receipt.pdf\"",
                        "Content-Transfer-Encoding: base64",
                    ], base64(pdf)),
                part(
                    [
                        "Content-Type: text/html; name=\"evil.html\"",
                        "Content-Disposition: attachment; filename=\"../evil.html\"",
                        "Content-Transfer-Encoding: base64",
                    ], base64(Array("<script>alert(document.cookie)</script>".utf8))),
                part(
                    [
                        "Content-Type: application/octet-stream; name=\"big.bin\"",
                        "Content-Disposition: attachment; filename=\"big.bin\"", "Content-Transfer-Encoding: base64",
                    ], base64(big)),
            ])
        let headers = [
            "From: Cy Customer <customer@example.test>", "To: support@example.test",
            "Subject: Cracked screen \(marker)", "Message-ID: <\(messageID)>", "Date: Thu, 03 Dec 2026 10:00:00 +0000",
            "MIME-Version: 1.0", "Content-Type: multipart/mixed; boundary=\"mixed-\(marker)\"",
        ]
        return (headers + ["", body]).joined(separator: "\r\n")
    }

    static func bytes(_ response: TestResponse) -> [UInt8] { Array(response.body.readableBytesView) }

    @Test func theLimitsAreBytesAndABadValueSaysWhichSetting() throws {
        let set = try AppConfiguration.load(
            environment: ["TICKETFLOW_EMAIL_ATTACHMENT_MAX_BYTES": "4096", "TICKETFLOW_EMAIL_ORIGINAL_MAX_BYTES": "0"])
        #expect(set != AppConfiguration())
        for (variable, value) in [
            ("TICKETFLOW_EMAIL_ATTACHMENT_MAX_BYTES", "10MB"), ("TICKETFLOW_EMAIL_ORIGINAL_MAX_BYTES", "-1"),
        ] {
            #expect(throws: ConfigurationError.self) { try AppConfiguration.load(environment: [variable: value]) }
            do {
                _ = try AppConfiguration.load(environment: [variable: value])
            } catch let error as ConfigurationError {
                #expect(error.description.contains(variable) && error.description.contains("whole number of bytes"))
                #expect(error.description.contains("'\(value)'"), "\(error)")
            }
        }
    }

    @Test func attachmentsAndTheOriginalAreKeptAndDownloadOnlyAsFiles() async throws {
        let servers = try MailServers.running()
        try await withTestClient(.live, configure: Self.configure(servers)) { client, services in
            try await EmailIntakeTests.firstPoll(services)
            let marker = String(UUID().uuidString.prefix(8))
            let messageID = "screen-\(marker)@customer.example.test"
            try await EmailIntakeTests.submit(
                servers, from: "customer@example.test", Self.mail(messageID: messageID, marker: marker))
            let detail = try await EmailIntakeTests.ticket(of: messageID, in: services)
            let id = detail.ticket.id
            let message = try #require(detail.messages.first { $0.author == .customer })
            #expect(message.body == "The screen cracked again \(marker), receipt attached.", "\(message.body)")

            let agent = try await services.bearer(.agent)
            let listed = try json(try await client.send(.get, "/v1/tickets/\(id)/attachments", headers: agent))
            let attachments = try #require(listed["attachments"] as? [[String: Any]], "\(listed)")
            func named(_ name: String) throws -> [String: Any] {
                try #require(attachments.first { $0["filename"] as? String == name }, "\(attachments)")
            }
            #expect(attachments.count == 4, "\(attachments)")
            let receipt = try named("receipt.pdf")
            #expect(receipt["size"] as? Int == Self.pdf.count && receipt["kept"] as? Bool == true)
            #expect(receipt["message_id"] as? Int == Int(message.id) && receipt["inline"] as? Bool == false)
            let screen = try named("screen.png")
            #expect(screen["inline"] as? Bool == true && screen["size"] as? Int == Self.png.count)
            let big = try named("big.bin")
            #expect(big["kept"] as? Bool == false && big["download_url"] == nil && big["size"] as? Int == 5000)
            #expect(big["omitted_reason"] as? String == "over the 4 KB limit")

            // The PDF byte for byte, as a download, typed as sent.
            let pdf = try await client.send(.get, try #require(receipt["download_url"] as? String), headers: agent)
            #expect(pdf.status == .ok && Self.bytes(pdf) == Self.pdf)
            #expect(pdf.headers[.contentType] == "application/pdf")
            #expect(pdf.headers[.contentDisposition] == "attachment; filename=\"receipt.pdf\"")
            #expect(pdf.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
            // HTML must not run in the console's origin: an opaque download, with no path in its name.
            let evil = try named("../evil.html")
            let html = try await client.send(.get, try #require(evil["download_url"] as? String), headers: agent)
            #expect(html.status == .ok && html.headers[.contentType] == "application/octet-stream")
            #expect(html.headers[.contentDisposition] == "attachment; filename=\".._evil.html\"")
            #expect(html.headers[.contentSecurityPolicy]?.contains("sandbox") == true)
            // Not kept: a clear problem, not an empty file.
            let gone = try await client.send(
                .get, "/v1/tickets/\(id)/attachments/\(try #require(big["id"] as? Int))", headers: agent)
            let problem = try json(gone)
            #expect(gone.status == .gone && (problem["detail"] as? String)?.contains("4 KB") == true, "\(problem)")

            // The original keeps what the pipeline does not read: the headers, quotes and signature.
            let originals = try #require(listed["originals"] as? [[String: Any]])
            #expect(originals.count == 1 && originals.first?["truncated"] as? Bool == false)
            let eml = try await client.send(
                .get, try #require(originals.first?["download_url"] as? String), headers: agent)
            let raw = String(decoding: Self.bytes(eml), as: UTF8.self)
            #expect(eml.status == .ok && eml.headers[.contentType] == "message/rfc822")
            #expect(
                eml.headers[.contentDisposition] == "attachment; filename=\"ticket-\(id)-message-\(message.id).eml\"")
            #expect(raw.contains("Message-ID: <\(messageID)>") && raw.contains("> Old quoted history \(marker)"))
            #expect(raw.contains("Signature Inc \(marker)"))
            #expect(!message.body.contains("Old quoted history") && !message.body.contains("Signature Inc"))

            // Agents only, and only through the ticket the file belongs to.
            let anonymous = try await client.send(.get, "/v1/tickets/\(id)/attachments")
            #expect(anonymous.status == .unauthorized)
            let intake = try await services.bearer(.api)
            #expect(try await client.send(.get, "/v1/tickets/\(id)/attachments", headers: intake).status == .forbidden)
            let other = try json(
                try await client.send(
                    .post, "/v1/tickets", headers: agent, body: #"{"body":"Another ticket \#(marker)"}"#))
            let otherID = try #require((other["ticket"] as? [String: Any])?["id"] as? Int)
            let crossed = try await client.send(
                .get, "/v1/tickets/\(otherID)/attachments/\(try #require(receipt["id"] as? Int))", headers: agent)
            #expect(crossed.status == .notFound)
            #expect(try await client.send(.get, "/v1/tickets/999999/attachments", headers: agent).status == .notFound)
            let wrongOriginal = "/v1/tickets/\(otherID)/messages/\(message.id)/original"
            #expect(try await client.send(.get, wrongOriginal, headers: agent).status == .notFound)

            // The console lists the files under the message, with the reason for the one not kept.
            let session = try await client.signIn(services)
            let page = TicketflowAppTests.html(
                try await client.send(.get, "/console/tickets/\(id)", headers: session.headers()))
            #expect(
                page.contains(
                    "<a href=\"/v1/tickets/\(id)/attachments/\(receipt["id"] as? Int ?? 0)\" download>receipt.pdf</a>"))
            #expect(page.contains("big.bin · application/octet-stream · 4.9 KB · not kept: over the 4 KB limit"))
            #expect(page.contains("download>screen.png</a> · image/png · 72 bytes · inline"))
            #expect(page.contains("Original mail (.eml)"))
            // The session cookie downloads too (the console's links are these routes).
            let viaConsole = try await client.send(
                .get, "/v1/tickets/\(id)/attachments/\(receipt["id"] as? Int ?? 0)", headers: session.headers())
            #expect(viaConsole.status == .ok && Self.bytes(viaConsole) == Self.pdf)
        }
    }

    /// The ticket was written, then the node died before the archive and the Message-ID record: reading the
    /// mail again adds no second message and archives the mail with the message already there.
    @Test func aMailStoredBeforeACrashIsArchivedWhenReadAgain() async throws {
        let servers = try MailServers.running()
        try await withTestClient(.live, configure: Self.configure(servers)) { client, services in
            try await EmailIntakeTests.firstPoll(services)
            let marker = String(UUID().uuidString.prefix(8))
            let messageID = "crash-\(marker)@customer.example.test"
            // What intake wrote before the crash: the ticket under the Message-ID, with the stripped text.
            let agent = try await services.bearer(.agent)
            let before = try await client.send(
                .post, "/v1/tickets", headers: agent,
                body: #"""
                    {"subject":"Cracked screen \#(marker)","channel":"email","external_id":"\#(messageID)",
                     "body":"The screen cracked again \#(marker), receipt attached.",
                     "customer":{"email":"customer@example.test"}}
                    """#)
            #expect(before.status == .created, "\(TicketflowAppTests.html(before))")
            try await EmailIntakeTests.submit(
                servers, from: "customer@example.test", Self.mail(messageID: messageID, marker: marker))
            let detail = try await EmailIntakeTests.ticket(of: messageID, in: services)
            let customer = detail.messages.filter { $0.author == .customer }
            #expect(customer.count == 1, "\(detail.messages.map(\.body))")
            let listed = try json(
                try await client.send(.get, "/v1/tickets/\(detail.ticket.id)/attachments", headers: agent))
            let attachments = try #require(listed["attachments"] as? [[String: Any]])
            #expect(attachments.count == 4)
            #expect(attachments.allSatisfy { $0["message_id"] as? Int == Int(customer.first?.id ?? 0) })
            #expect((listed["originals"] as? [[String: Any]])?.count == 1)
        }
    }

    /// A second mail with the same words ("Thanks!") is a message of its own with its own original, not the
    /// first one read again.
    @Test func twoMailsWithTheSameWordsAreTwoMessages() async throws {
        let servers = try MailServers.running()
        try await withTestClient(.live, configure: Self.configure(servers)) { client, services in
            try await EmailIntakeTests.firstPoll(services)
            let marker = String(UUID().uuidString.prefix(8))
            let (first, second) = ("thanks-\(marker)@customer.example.test", "thanks-\(marker)-2@customer.example.test")
            let from = "From: customer@example.test"
            try await EmailIntakeTests.submit(
                servers, from: "customer@example.test",
                EmailIntakeTests.mail(
                    [from, "To: support@example.test", "Subject: Order \(marker)", "Message-ID: <\(first)>"],
                    body: "Thanks \(marker)!"))
            let opened = try await EmailIntakeTests.ticket(of: first, in: services)
            try await EmailIntakeTests.submit(
                servers, from: "customer@example.test",
                EmailIntakeTests.mail(
                    [
                        from, "To: support@example.test", "Subject: Re: Order \(marker)", "Message-ID: <\(second)>",
                        "In-Reply-To: <\(first)>",
                    ], body: "Thanks \(marker)!"))
            let continued = try await EmailIntakeTests.ticket(of: second, in: services)
            #expect(continued.ticket.id == opened.ticket.id)
            let thanks = continued.messages.filter { $0.author == .customer }
            #expect(thanks.count == 2 && thanks.allSatisfy { $0.body == "Thanks \(marker)!" })
            let agent = try await services.bearer(.agent)
            let listed = try json(
                try await client.send(.get, "/v1/tickets/\(opened.ticket.id)/attachments", headers: agent))
            let originals = try #require(listed["originals"] as? [[String: Any]])
            #expect(originals.compactMap { $0["message_id"] as? Int } == thanks.map { Int($0.id) })
            let last = try await client.send(
                .get, "/v1/tickets/\(opened.ticket.id)/messages/\(thanks[1].id)/original", headers: agent)
            #expect(TicketflowAppTests.html(last).contains("Message-ID: <\(second)>"))
        }
    }
}
