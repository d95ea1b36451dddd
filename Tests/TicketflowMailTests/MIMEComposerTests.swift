import Foundation
import Testing
import TicketflowMIME

/// Outbound replies: headers, threading, bodies, and a parse(compose(x)) round trip.
@Suite struct MIMEComposerTests {
    private let support = MIMEAddress(name: "Ticketflow Support", address: "support@example.test")

    @Test(arguments: [
        ("Refund", "Re: Refund"),
        ("Re: Refund", "Re: Refund"),
        ("RE: re: Re:Refund", "Re: Refund"),
        ("AW: Rückerstattung", "Re: Rückerstattung"),
        ("Re[2]: Refund", "Re: Refund"),
        ("Fwd: Refund", "Re: Fwd: Refund"),
        ("  ", "Re: "),
    ])
    func replySubject(subject: String, expected: String) {
        #expect(MIMEComposer.replySubject(subject) == expected)
    }

    @Test func messageIDsAreUnique() {
        let first = MIMEComposer.makeMessageID(domain: "support.example.test")
        let second = MIMEComposer.makeMessageID(domain: "support.example.test")
        #expect(first != second)
        #expect(first.hasSuffix("@support.example.test") && !first.contains("<"))
        #expect(MIMEComposer.makeMessageID(domain: "bad domain\r\n").hasSuffix("@baddomain"))
    }

    @Test func replyToAParsedMessageRoundTrips() throws {
        let parent = try MIMEFixtures.message("gmail-reply.eml")
        let text = "Hi Ann,\n\nthe refund was sent on 2 December; it takes 5–7 business days to show.\n\nSam"
        let outgoing = MIMEOutgoingMessage.reply(
            to: parent, from: support, text: text,
            citations: [
                .init(title: "Refund timing", url: "https://help.example.test/refunds?a=1&b=2"),
                .init(title: "Bad <script>", url: "javascript:alert(1)"),
            ],
            date: Date(timeIntervalSince1970: 1_796_288_523),
            extraHeaders: [MIMEHeader(name: "Auto-Submitted", value: "auto-replied")])
        let bytes = MIMEComposer.compose(outgoing)
        let wire = String(decoding: bytes, as: UTF8.self)

        // CRLF everywhere, no line over 78 columns, nothing but ASCII on the wire.
        #expect(!wire.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(wire.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 78 })
        #expect(bytes.allSatisfy { $0 < 0x80 })
        #expect(wire.contains("\r\nDate: Thu, 03 Dec 2026 09:02:03 +0000\r\n") || wire.hasPrefix("Date: Thu, 03 Dec"))
        #expect(wire.contains("\r\nMIME-Version: 1.0\r\n"))

        let reply = MIMEMessage.parse(bytes)
        #expect(reply.notes == [])
        #expect(reply.subject == "Re: Refund for order #1042 [#7]")
        #expect(reply.from == [support])
        #expect(reply.to == [MIMEAddress(name: "Ann Lee", address: "ann.lee@gmail.example")])
        #expect(reply.messageID == outgoing.messageID)
        #expect(reply.inReplyTo == ["CAJx9fQ3+second=Zk@mail.gmail.com"])
        #expect(
            reply.references == [
                "CAJx9fQ1=first@mail.gmail.com", "reply-7-1.3e9f@support.example.test",
                "CAJx9fQ3+second=Zk@mail.gmail.com",
            ])
        #expect(reply.date == Date(timeIntervalSince1970: 1_796_288_523))
        #expect(reply.automation == MIMEAutomation(kind: .autoReply, reason: "Auto-Submitted: auto-replied"))
        #expect(reply.root.contentType.mimeType == "multipart/alternative")
        #expect(reply.root.parts.map(\.contentType.mimeType) == ["text/plain", "text/html"])
        #expect(reply.root.parts.allSatisfy { $0.transferEncoding == "quoted-printable" })
        #expect(
            reply.plainText == text + "\n\nSources:\n- Refund timing: https://help.example.test/refunds?a=1&b=2\n"
                + "- Bad <script>: javascript:alert(1)\n")
        let html = try #require(reply.htmlBody)
        #expect(html.contains("<a href=\"https://help.example.test/refunds?a=1&amp;b=2\">Refund timing</a>"))
        #expect(
            html.contains("<li>Bad &lt;script&gt; (javascript:alert(1))</li>") && !html.contains("href=\"javascript"))
        #expect(html.contains("<p>Hi Ann,</p>"))
        #expect(
            HTMLText.convert(html) == text
                + "\n\nSources:\n\n- Refund timing (https://help.example.test/refunds?a=1&b=2)\n"
                + "- Bad <script> (javascript:alert(1))")
    }

    @Test func nonASCIIHeadersAreEncodedAndInjectionIsImpossible() throws {
        let subject = "Ihre Rückerstattung für Bestellung #1042 ist unterwegs – Details zur Gutschrift folgen 😊"
        let outgoing = MIMEOutgoingMessage(
            from: MIMEAddress(name: "Support, Team \"A\"", address: "support@example.test"),
            to: [MIMEAddress(name: "Jörg Müller", address: "joerg@example.de"), MIMEAddress(address: "b@example.com")],
            cc: [MIMEAddress(name: "Ops", address: "ops@example.test")],
            subject: subject + "\r\nBcc: x@evil.example",
            text: "Grüße\r\nfrom the team", html: "<p>Grüße</p>", messageID: "fixed.1@example.test",
            extraHeaders: [MIMEHeader(name: "X-Ticket\r\nBcc", value: "7\r\nBcc: y@evil.example")])
        let bytes = MIMEComposer.compose(outgoing, boundary: "=_fixed")
        let wire = String(decoding: bytes, as: UTF8.self)
        #expect(!wire.contains("\r\nBcc:"))
        #expect(wire.contains("\r\nSubject: =?UTF-8?B?"))
        #expect(wire.contains("\r\nMessage-ID: <fixed.1@example.test>\r\n"))
        #expect(wire.contains("Content-Type: multipart/alternative; boundary=\"=_fixed\""))
        #expect(wire.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 78 })

        let parsed = MIMEMessage.parse(bytes)
        #expect(parsed.notes == [])
        #expect(parsed.subject == subject + "  Bcc: x@evil.example")  // CR and LF became spaces
        #expect(parsed.from == [MIMEAddress(name: "Support, Team \"A\"", address: "support@example.test")])
        #expect(parsed.to == outgoing.to)
        #expect(parsed.cc == outgoing.cc)
        #expect(parsed.headers["X-TicketBcc"] == "7 Bcc: y@evil.example")
        #expect(parsed.plainText == "Grüße\nfrom the team\n")
        #expect(parsed.htmlBody?.contains("<body>\n<p>Grüße</p>\n</body>") == true)
        #expect(parsed.inReplyTo == [] && parsed.references == [])
    }

    @Test func threadingFollowsRFC5322() throws {
        // No References: the parent's single In-Reply-To stands in for them.
        let raw = "From: a@example.com\nMessage-ID: <p2@example.com>\nIn-Reply-To: <p1@example.com>\nSubject: x\n\nhi\n"
        let threading = MIMEComposer.threading(replyingTo: MIMEMessage.parse(Array(raw.utf8)))
        #expect(threading.inReplyTo == "p2@example.com")
        #expect(threading.references == ["p1@example.com", "p2@example.com"])
        // A very long thread keeps the first id and the latest ones.
        let ids = (1...40).map { "<id\($0)@example.com>" }.joined(separator: " ")
        let long = "From: a@example.com\nMessage-ID: <id41@example.com>\nReferences: \(ids)\n\nhi\n"
        let trimmed = MIMEComposer.threading(replyingTo: MIMEMessage.parse(Array(long.utf8))).references
        #expect(trimmed.count == 30 && trimmed.first == "id1@example.com" && trimmed.last == "id41@example.com")
        // Reply-To wins over From for the recipient.
        let withReplyTo = "From: a@example.com\nReply-To: Team <team@example.com>\nSubject: Help\n\nhi\n"
        let reply = MIMEOutgoingMessage.reply(to: MIMEMessage.parse(Array(withReplyTo.utf8)), from: support, text: "ok")
        #expect(reply.to == [MIMEAddress(name: "Team", address: "team@example.com")])
        #expect(reply.subject == "Re: Help" && reply.inReplyTo == nil && reply.references == [])
    }
}
