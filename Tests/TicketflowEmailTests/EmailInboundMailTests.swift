import Foundation
import Testing
import TicketflowCore
import TicketflowEmail
import TicketflowMIME

@Suite struct EmailInboundMailTests {
    @Test func gmailReplyFieldByField() throws {
        let mail = try EmailFixtures.mail("gmail-reply.eml")
        #expect(mail.messageID == "CAJx9fQ3+second=Zk@mail.gmail.com")
        #expect(!mail.hasSyntheticMessageID)
        #expect(mail.sender == "ann.lee@gmail.example")
        #expect(mail.senderName == "Ann Lee")
        #expect(mail.subject == "Re: Refund for order #1042 [#7]")
        #expect(mail.inReplyTo == ["reply-7-1.3e9f@support.example.test"])
        #expect(mail.references == ["CAJx9fQ1=first@mail.gmail.com", "reply-7-1.3e9f@support.example.test"])
        // In-Reply-To first, then References newest first, without repeats.
        #expect(mail.threadKeys == ["reply-7-1.3e9f@support.example.test", "CAJx9fQ1=first@mail.gmail.com"])
        #expect(mail.text.hasPrefix("Hi Sam,\n\nThanks for the quick answer!"))
        #expect(mail.text.hasSuffix("Best,\nAnn"))
        #expect(!mail.text.contains("We have issued the refund"))
        #expect(mail.fullText.contains("> We have issued the refund for order #1042."))
        #expect(mail.attachments.isEmpty && mail.notes.isEmpty)
        #expect(mail.automation.kind == .none && mail.bounce == nil)
        #expect(mail.date == Date(timeIntervalSince1970: 1_796_289_631))
    }

    @Test func outlookReplyThreadsOnItsSingleReference() throws {
        let mail = try EmailFixtures.mail("outlook-reply.eml")
        #expect(mail.messageID == "AM0PR01MB1234A1B2C3D4E5F6A7B8C9D0E1F2@AM0PR01MB1234.eurprd01.prod.outlook.com")
        #expect(mail.sender == "maria.schmidt@contoso.example")
        #expect(mail.senderName == "Maria Schmidt")
        #expect(mail.subject == "RE: Duplicate charge [#12]")
        #expect(mail.threadKeys == ["reply-12-1.9c2d@support.example.test"])
        #expect(mail.text.hasPrefix("Hello,\n\nWe were charged € 49.00 twice this month."))
        #expect(!mail.text.contains("Original Message"))
        #expect(
            mail.attachments == [
                InboundAttachment(
                    filename: "image001.png", contentType: "image/png", size: 73, isOmitted: false, isInline: true,
                    partPath: "2")
            ])
    }

    @Test func appleMailThreadKeysAndInlineImage() throws {
        let mail = try EmailFixtures.mail("apple-mail.eml")
        #expect(mail.messageID == "8E2F4A61-3C9B-4D7E-A1F0-2B6C8D9E0F12@example.org")
        #expect(mail.sender == "jordan@example.org" && mail.senderName == "Jordan Lee")
        #expect(mail.subject == "Re: Can’t log in after the update")
        #expect(
            mail.threadKeys == [
                "reply-9-2.7f3a@support.example.test", "8B1C0D2E-1111-2222-3333-444455556666@example.org",
            ])
        #expect(mail.text.hasSuffix("Screenshot attached.\n\nJordan"))
        #expect(
            mail.attachments == [
                InboundAttachment(
                    filename: "screenshot.png", contentType: "image/png", size: 78, isOmitted: false, isInline: true,
                    partPath: "2.2")
            ])
    }

    @Test func gmailIntakeRequest() throws {
        let request = try EmailFixtures.mail("gmail-reply.eml").intakeRequest
        #expect(request.channel == .email)
        #expect(request.externalID == "CAJx9fQ3+second=Zk@mail.gmail.com")
        #expect(request.customer == CustomerInput(name: "Ann Lee", email: "ann.lee@gmail.example"))
        #expect(request.subject == "Re: Refund for order #1042 [#7]")
        #expect(request.body.hasPrefix("Hi Sam,") && request.body.hasSuffix("Ann"))
        #expect(request.tags == nil)
        try request.validate()
    }

    @Test func senderIsLowerCasedForCustomerMatching() throws {
        let mail = EmailFixtures.written(
            "From: \"Lee, Ann\" <Ann.Lee@Example.COM>\nSubject: Hi\nMessage-ID: <a@b>\n\nHello there.\n")
        #expect(mail.sender == "ann.lee@example.com")
        #expect(mail.senderName == "Lee, Ann")
        #expect(mail.intakeRequest.customer?.email == "ann.lee@example.com")
        #expect(mail.messageRequest == MessageRequest(body: "Hello there.", author: .customer))
    }

    /// A NUL (quoted-printable =00 here) is dropped, not refused: the mail still becomes a ticket, and
    /// PostgreSQL could not store the text with it.
    @Test func nulCharactersAreDroppedFromTheTicket() throws {
        let mail = EmailFixtures.written(
            "From: \"Ann=00\" <ann@example.com>\nSubject: =?utf-8?q?Refund=00_please?=\nMessage-ID: <n@b>\n"
                + "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n"
                + "Charged=00 twice.\n")
        let request = mail.intakeRequest
        #expect(request.body == "Charged twice.", "\(request.body.unicodeScalars.map(\.value))")
        #expect(request.subject == "Refund please")
        let name = request.customer?.name ?? ""
        #expect(!name.containsNUL)
        #expect(mail.messageRequest.body == "Charged twice.")
        try request.validate()
    }

    @Test func htmlOnlyMailBecomesText() throws {
        let mail = try EmailFixtures.mail("html-only.eml")
        #expect(mail.sender == "priya@example.com" && mail.senderName == "Raman, Priya")
        #expect(mail.text.hasPrefix("Export to PDF fails\n\nHi team,\nsince Monday the Export to PDF button"))
        #expect(mail.text.hasSuffix("Thanks & regards,\nPriya"))
        #expect(!mail.text.contains("<") && !mail.text.contains("alert"))
        #expect(mail.intakeRequest.body == mail.text)
    }

    @Test func attachmentMetadataWithoutBytes() throws {
        let mail = InboundMail.parse(
            try EmailFixtures.bytes("pdf-attachment.eml"), limits: MIMEParseLimits(maxAttachmentBytes: 100))
        #expect(
            mail.attachments == [
                InboundAttachment(
                    filename: "invoice-1042.pdf", contentType: "application/pdf", size: 326, isOmitted: true,
                    isInline: false, partPath: "2"),
                InboundAttachment(
                    filename: "Bestellübersicht 2026.csv", contentType: "text/csv", size: 23, isOmitted: false,
                    isInline: false, partPath: "3"),
            ])
        #expect(mail.notes == ["part 2: attachment 'invoice-1042.pdf' omitted, 326 bytes is over the 100-byte limit"])
    }

    @Test func missingMessageIDIsMadeUpFromTheBytes() throws {
        let raw = try EmailFixtures.bytes("malformed-no-blank-line.eml")
        let mail = InboundMail.parse(raw)
        #expect(mail.hasSyntheticMessageID)
        #expect(mail.messageID.hasPrefix("synthetic-") && mail.messageID.hasSuffix("@ticketflow.invalid"))
        #expect(mail.messageID.count == "synthetic-@ticketflow.invalid".count + 32)
        // A redelivery of the same bytes gets the same id (idempotent intake); other bytes another id.
        #expect(InboundMail.parse(raw).messageID == mail.messageID)
        #expect(InboundMail.parse(raw + Array("\n".utf8)).messageID != mail.messageID)
        #expect(mail.intakeRequest.externalID == mail.messageID)
        #expect(mail.notes.last == "mail: no Message-ID, using <\(mail.messageID)> made from its bytes")
        #expect(mail.notes.count >= 2)  // the parser's own note about the missing blank line comes first
        #expect(mail.subject == "No blank line" && mail.sender == "eve@example.com")
        #expect(mail.text == "I forgot the blank line after the headers.\nSecond line of the body.")
    }

    @Test func malformedMailKeepsWhatWasReadAndANote() throws {
        let mail = try EmailFixtures.mail("malformed-bad-base64.eml")
        #expect(mail.notes == ["message: skipped 5 non-base64 byte(s)"])
        #expect(mail.body == "Hello, my order #1042 has not arrived. Please help.")
        let note = try #require(mail.notesMessage)
        #expect(note.author == .system)
        #expect(note.body == "The mail could not be read cleanly:\n- message: skipped 5 non-base64 byte(s)")
        try note.validate()
        #expect(try EmailFixtures.mail("gmail-reply.eml").notesMessage == nil)
    }

    @Test func noTextAtAllGetsAPlaceholder() {
        let mail = EmailFixtures.written(
            """
            From: kim@example.com
            Subject: scans
            Message-ID: <scans-1@example.com>
            Content-Type: multipart/mixed; boundary="b"

            --b
            Content-Type: image/png; name="a.png"
            Content-Transfer-Encoding: base64

            iVBORw0KGgo=
            --b
            Content-Type: application/pdf; name="b.pdf"

            %PDF-1.4
            --b--

            """)
        #expect(mail.text.isEmpty && mail.fullText.isEmpty)
        #expect(mail.attachments.map(\.filename) == ["a.png", "b.pdf"])
        #expect(mail.body == "(no text; 2 attachments)")
        #expect(mail.intakeRequest.body == "(no text; 2 attachments)")
        #expect((try? mail.intakeRequest.validate()) != nil)
        let empty = EmailFixtures.written("From: kim@example.com\nMessage-ID: <e@x>\n\n \n")
        #expect(empty.body == "(no text)" && empty.subject == nil && empty.intakeRequest.subject == nil)
    }

    @Test func noFromMeansNoCustomer() {
        let mail = EmailFixtures.written("Subject: who?\nMessage-ID: <anon@x>\n\nHello.\n")
        #expect(mail.sender == nil && mail.intakeRequest.customer == nil)
        #expect(mail.notes == ["message: no From header"])
    }

    @Test func fromThatIsNoAddressIsANote() {
        let mail = EmailFixtures.written("From: undisclosed-recipients\nMessage-ID: <u@x>\n\nHello.\n")
        #expect(mail.sender == nil && mail.intakeRequest.customer == nil)
        #expect(mail.notes == ["mail: From 'undisclosed-recipients' is not an email address"])
        #expect((try? mail.intakeRequest.validate()) != nil)
    }

    @Test func longMessageIDsFitTheExternalID() {
        let short = "abc@example.com"
        #expect(InboundMail.externalID(forMessageID: short) == short)
        let long = String(repeating: "x", count: 250) + "@example.com"
        let id = InboundMail.externalID(forMessageID: long)
        #expect(id.count <= 200 && id.hasPrefix("mid-"))
        #expect(id == InboundMail.externalID(forMessageID: long))
        #expect(id != InboundMail.externalID(forMessageID: "y" + long.dropFirst()))
    }

    @Test func threadKeysAreBounded() {
        let ids = (1...200).map { "<r\($0)@x>" }.joined(separator: " ")
        let mail = EmailFixtures.written(
            "From: a@x\nMessage-ID: <m@x>\nIn-Reply-To: <r200@x>\nReferences: \(ids)\n\nHi\n")
        #expect(mail.threadKeys.count == InboundMail.maximumThreadKeys)
        #expect(mail.threadKeys.prefix(3) == ["r200@x", "r199@x", "r198@x"])
    }
}
