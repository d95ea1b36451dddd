import Foundation
import Testing
import TicketflowCore
import TicketflowEmail
import TicketflowMIME

@Suite struct EmailReplyTests {
    let mailbox = MIMEAddress(name: "Ticketflow Support", address: "support@example.test")
    let date = Date(timeIntervalSince1970: 1_796_289_700)

    func reply(
        to mail: InboundMail, subject: String = "Refund for order #1042", body: String = "Hello Ann.",
        author: MessageAuthor = .ai, citations: [MIMEOutgoingMessage.Citation] = []
    ) -> (EmailReply, MIMEMessage) {
        let customer = MIMEAddress(name: mail.senderName, address: mail.sender?.value ?? "")
        let reply = EmailReply.compose(
            from: mailbox, to: customer, ticketID: 7, ticketSubject: subject, body: body, author: author,
            citations: citations, replyingTo: EmailReply.Parent(mail), date: date)
        return (reply, MIMEMessage.parse(reply.bytes))
    }

    @Test func roundTripThreadsOnTheGmailReply() throws {
        let gmail = try EmailFixtures.mail("gmail-reply.eml")
        let (reply, parsed) = reply(to: gmail)
        #expect(parsed.notes == [])
        #expect(parsed.messageID == reply.messageID)
        #expect(reply.messageID.hasSuffix("@example.test"))  // on the mailbox's domain
        #expect(parsed.from == [mailbox])
        #expect(parsed.to == [MIMEAddress(name: "Ann Lee", address: "ann.lee@gmail.example")])
        #expect(parsed.subject == "Re: Refund for order #1042 [TF-7]")
        #expect(parsed.inReplyTo == ["CAJx9fQ3+second=Zk@mail.gmail.com"])
        // RFC 5322 3.6.4: the parent's References, then the parent.
        #expect(
            parsed.references == [
                "CAJx9fQ1=first@mail.gmail.com", "reply-7-1.3e9f@support.example.test",
                "CAJx9fQ3+second=Zk@mail.gmail.com",
            ])
        #expect(reply.inReplyTo == parsed.inReplyTo.first && reply.references == parsed.references)
        #expect(parsed.date == date)
        #expect(parsed.root.contentType.mimeType == "multipart/alternative")
        #expect(parsed.root.parts.map(\.contentType.mimeType) == ["text/plain", "text/html"])
        #expect(parsed.plainText == "Hello Ann.\n")
        #expect(parsed.htmlBody?.contains("<p>Hello Ann.</p>") == true)
        // The customer's answer to this reply threads back by its id.
        let answer = EmailFixtures.written(
            "From: ann.lee@gmail.example\nMessage-ID: <next@x>\nIn-Reply-To: <\(reply.messageID)>\n\nThanks\n")
        #expect(answer.threadKeys.first == reply.messageID)
    }

    @Test func parentWithOnlyInReplyTo() {
        let mail = EmailFixtures.written("From: ann@example.com\nMessage-ID: <c2@x>\nIn-Reply-To: <c1@x>\n\nHi\n")
        let (reply, parsed) = reply(to: mail)
        #expect(reply.inReplyTo == "c2@x")
        #expect(parsed.references == ["c1@x", "c2@x"])
    }

    @Test func firstReplyToANewMail() throws {
        let (reply, parsed) = reply(to: try EmailFixtures.mail("html-only.eml"))
        #expect(reply.inReplyTo == "html-only-1@mailer.example.com")
        #expect(parsed.references == ["html-only-1@mailer.example.com"])
    }

    @Test func noThreadingOnAMadeUpMessageID() {
        let mail = EmailFixtures.written("From: eve@example.com\nSubject: x\n\nHello\n")
        #expect(mail.hasSyntheticMessageID && EmailReply.Parent(mail) == nil)
        let (reply, parsed) = reply(to: mail)
        #expect(reply.inReplyTo == nil && reply.references.isEmpty)
        #expect(parsed.headers["In-Reply-To"] == nil && parsed.headers["References"] == nil)
    }

    @Test func subjectDoesNotStack() {
        let cases: [(String, String)] = [
            ("Refund", "Re: Refund [TF-7]"),
            ("Re: Refund", "Re: Refund [TF-7]"),
            ("RE: AW: Re: Refund [TF-7]", "Re: Refund [TF-7]"),
            ("Re: Refund [TF-3] [TF-7]", "Re: Refund [TF-7]"),
            ("Fwd: Refund", "Re: Fwd: Refund [TF-7]"),
            ("", "Re: Your request [TF-7]"),
            ("Re: [TF-7]", "Re: Your request [TF-7]"),
        ]
        for (ticketSubject, expected) in cases {
            #expect(EmailReply.replySubject(ticketSubject, ticketID: 7) == expected, "\(ticketSubject)")
        }
        let stored = EmailReply.replySubject("Refund", ticketID: 7)
        #expect(EmailReply.replySubject(stored, ticketID: 7) == stored)
        #expect(TicketToken.parse(stored) == 7)
    }

    @Test func aiAnswerIsAutoSubmittedAgentReplyIsNot() throws {
        let gmail = try EmailFixtures.mail("gmail-reply.eml")
        let (_, ai) = reply(to: gmail, author: .ai)
        #expect(ai.headers["Auto-Submitted"] == "auto-replied")
        #expect(ai.headers["X-Auto-Response-Suppress"] == "All")
        let (_, system) = reply(to: gmail, author: .system)
        #expect(system.headers["Auto-Submitted"] == "auto-replied")
        let (_, agent) = reply(to: gmail, author: .agent)
        #expect(agent.headers["Auto-Submitted"] == nil && agent.headers["X-Auto-Response-Suppress"] == nil)
        #expect(agent.automation.kind == .none)
        // Our own AI answer, if it ever came back in, reads as an auto-reply: no answer to it.
        #expect(ai.automation.kind == .autoReply)
    }

    @Test func citationsBecomeLinksNotMarkers() throws {
        let gmail = try EmailFixtures.mail("gmail-reply.eml")
        let body = """
            Refunds take 5 to 7 business days. [Source: Refunds]
            You can check the status in Billing. [Source: Refunds] [source: Billing FAQ]

            Sam
            """
        let citations = [
            MIMEOutgoingMessage.Citation(title: "Refunds", url: "https://help.example.test/refunds"),
            MIMEOutgoingMessage.Citation(title: "Billing FAQ", url: "https://help.example.test/billing"),
        ]
        let (_, parsed) = reply(to: gmail, body: body, citations: citations)
        #expect(
            parsed.plainText == """
                Refunds take 5 to 7 business days.
                You can check the status in Billing.

                Sam

                Sources:
                - Refunds: https://help.example.test/refunds
                - Billing FAQ: https://help.example.test/billing

                """)
        let html = try #require(parsed.htmlBody)
        #expect(html.contains("<a href=\"https://help.example.test/refunds\">Refunds</a>"))
        #expect(html.contains("<a href=\"https://help.example.test/billing\">Billing FAQ</a>"))
        #expect(!html.contains("[Source") && !html.lowercased().contains("[source"))
    }

    @Test func givenMessageIDIsKept() throws {
        let reply = EmailReply.compose(
            from: mailbox, to: MIMEAddress(address: "ann@example.com"), ticketID: 7, ticketSubject: "x",
            body: "Hi", author: .agent, replyingTo: nil, messageID: "tf-7-12@example.test", date: date)
        #expect(reply.messageID == "tf-7-12@example.test")
        #expect(MIMEMessage.parse(reply.bytes).messageID == "tf-7-12@example.test")
    }

    @Test func longThreadsKeepTheFirstAndLatestReferences() {
        let ids = (1...40).map { "<r\($0)@x>" }.joined(separator: " ")
        let mail = EmailFixtures.written("From: a@example.com\nMessage-ID: <m@x>\nReferences: \(ids)\n\nHi\n")
        let (reply, _) = reply(to: mail)
        #expect(reply.references.count == EmailReply.maximumReferences)
        #expect(reply.references.first == "r1@x" && reply.references.last == "m@x")
        #expect(reply.references[1] == "r13@x")  // r1, then the latest 29 of r2...r40 and m
    }

    @Test func deliveryMessageIDIsStablePerDelivery() {
        let created = Date(timeIntervalSince1970: 1_796_289_700.75)
        let id = EmailReply.messageID(deliveryKey: "ticketflow-delivery-12", createdAt: created, domain: "Example.TEST")
        #expect(id == "ticketflow-delivery-12.1796289700@example.test")
        #expect(
            EmailReply.messageID(deliveryKey: "ticketflow-delivery-12", createdAt: created, domain: "example.test")
                == id)
        #expect(
            EmailReply.messageID(deliveryKey: "a <b>\r\nX: y", createdAt: created, domain: "")
                == "abXy.1796289700@localhost")
    }

    @Test func citationLinksOnePerArticleWithAnAddress() {
        let citations = [
            Citation(articleID: "refunds", title: "Refunds", chunkID: "refunds#1"),
            Citation(articleID: "internal", title: "Internal notes"),
            Citation(articleID: "refunds", title: "Refunds", chunkID: "refunds#2"),
            Citation(articleID: "billing", title: "Billing FAQ"),
        ]
        let links = EmailReply.links(for: citations) { citation in
            citation.articleID == "internal" ? nil : "https://help.example.test/\(citation.articleID)"
        }
        #expect(
            links == [
                MIMEOutgoingMessage.Citation(title: "Refunds", url: "https://help.example.test/refunds"),
                MIMEOutgoingMessage.Citation(title: "Billing FAQ", url: "https://help.example.test/billing"),
            ])
    }

    @Test func maskedRecipients() {
        #expect(DeliveryRecipient("ann@example.com").masked == "a…@example.com")
        #expect(DeliveryRecipient("Ann.Lee@Example.COM").masked == "A…@example.com")
        #expect(DeliveryRecipient(" b@x.org ").description == "b…@x.org")
        for notAnAddress in ["", "ann", "@example.com", "ann@"] {
            #expect(DeliveryRecipient(notAnAddress).masked == "…", "\(notAnAddress)")
        }
    }
}
