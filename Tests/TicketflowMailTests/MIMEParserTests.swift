import Foundation
import Testing
import TicketflowMIME

/// Real-world client shapes (Gmail, Outlook, Apple Mail, Mutt, Thunderbird, an HTML-only mailer), field by field.
@Suite struct MIMEParserTests {
    @Test func gmailReply() throws {
        let message = try MIMEFixtures.message("gmail-reply.eml")
        #expect(message.notes == [])
        #expect(message.subject == "Re: Refund for order #1042 [#7]")
        #expect(message.from == [MIMEAddress(name: "Ann Lee", address: "ann.lee@gmail.example")])
        #expect(message.to == [MIMEAddress(name: "Ticketflow Support", address: "support@example.test")])
        #expect(message.messageID == "CAJx9fQ3+second=Zk@mail.gmail.com")
        #expect(message.inReplyTo == ["reply-7-1.3e9f@support.example.test"])
        #expect(message.references == ["CAJx9fQ1=first@mail.gmail.com", "reply-7-1.3e9f@support.example.test"])
        #expect(message.date == Date(timeIntervalSince1970: 1_796_289_631))  // 2026-12-03 09:20:31 UTC
        #expect(message.root.contentType.mimeType == "multipart/alternative")
        #expect(message.root.parts.map(\.contentType.mimeType) == ["text/plain", "text/html"])
        #expect(
            message.text == """
                Hi Sam,

                Thanks for the quick answer! I followed the steps but the refund still
                shows as “pending” in my account. Could you check again? The order number
                is 1042.

                Best,
                Ann
                """)
        #expect(message.fullText.contains("> We have issued the refund for order #1042."))
        #expect(message.fullText.contains("support@example.test> wrote:"))
        #expect(message.htmlBody?.contains("class=\"gmail_quote\"") == true)
        #expect(message.attachments.isEmpty)
        #expect(message.automation.kind == .none)
        #expect(message.bounce == nil)
        #expect(message.raw == (try MIMEFixtures.bytes("gmail-reply.eml")))
    }

    @Test func outlookReplyInWindows1252() throws {
        let message = try MIMEFixtures.message("outlook-reply.eml")
        #expect(message.notes == [])
        #expect(message.subject == "RE: Duplicate charge [#12]")
        #expect(message.from.first?.address == "maria.schmidt@contoso.example")
        #expect(message.inReplyTo == ["reply-12-1.9c2d@support.example.test"])
        #expect(message.headers["thread-topic"] == "Duplicate charge [#12]")
        #expect(message.root.contentType.mimeType == "multipart/related")
        #expect(message.root.contentType.parameters["type"] == "multipart/alternative")
        // 0x80, 0x92 and 0x96 are the euro sign and typographic quotes only in Windows-1252.
        let expected = """
            Hello,

            We were charged € 49.00 twice this month. Please refund the duplicate charge – it’s on invoice INV-2291.

            Kind regards

            Maria Schmidt
            Head of Accounts | Contoso GmbH
            Tel. +49 30 1234567
            """
        #expect(message.text == expected)
        #expect(message.fullText.contains("-----Original Message-----"))
        // The HTML alternative (Word HTML: <o:p>, conditional comments, a From:/Sent: block) gives the same answer.
        let html = try #require(message.htmlBody)
        #expect(ReplyStripper.strip(HTMLText.convert(html)) == expected)
        #expect(
            message.attachments == [
                MIMEAttachment(
                    filename: "image001.png", contentType: "image/png", size: 73,
                    contentID: "image001.png@01DB4C2A.12345670", isInline: true,
                    data: message.attachments.first?.data ?? [], isOmitted: false, partPath: "2")
            ])
        #expect(message.attachments.first?.data.prefix(4) == [0x89, 0x50, 0x4E, 0x47])
    }

    @Test func appleMailQuotedPrintableWithInlineImage() throws {
        let message = try MIMEFixtures.message("apple-mail.eml")
        #expect(message.notes == [])
        #expect(message.subject == "Re: Can’t log in after the update")
        #expect(message.messageID == "8E2F4A61-3C9B-4D7E-A1F0-2B6C8D9E0F12@example.org")
        #expect(
            message.references == [
                "8B1C0D2E-1111-2222-3333-444455556666@example.org", "reply-9-2.7f3a@support.example.test",
            ])
        #expect(message.headers["mime-version"] == "1.0 (Mac OS X Mail 16.0 \\(3826.200.121\\))")
        #expect(
            message.text == """
                Hi,

                I still can’t log in after the 4.2 update. The app says “session expired” right after I enter the \
                code. Screenshot attached.

                Jordan
                """)
        let image = try #require(message.attachments.first)
        #expect(message.attachments.count == 1)
        #expect(image.filename == "screenshot.png")
        #expect(image.contentType == "image/png")
        #expect(image.size == 78 && image.data.count == 78)
        #expect(image.contentID == "F1E2D3C4-B5A6-4789-9ABC-DEF012345678@example.org")
        #expect(image.isInline && !image.isOmitted)
        #expect(image.partPath == "2.2")
        #expect(message.htmlBody?.contains("cid:\(image.contentID ?? "-")") == true)
    }

    @Test func latin1PlainWithEncodedSubject() throws {
        let message = try MIMEFixtures.message("latin1-plain.eml")
        #expect(message.notes == [])
        // Two encoded words folded over two lines: the whitespace between them is not part of the subject.
        #expect(message.subject == "Problème de facturation récurrent")
        #expect(message.from == [MIMEAddress(name: "Renée Dupré", address: "renee.dupre@example.fr")])
        #expect(message.to == [MIMEAddress(address: "support@example.test")])
        #expect(message.date == Date(timeIntervalSince1970: 1_796_281_544))  // 08:05:44 +0100, "(CET)" a comment
        #expect(
            message.text == """
                Bonjour,

                Depuis trois mois, je suis débitée deux fois pour mon abonnement « Pro ».
                Pourriez-vous vérifier et me rembourser ? Merci d'avance.

                Cordialement,
                Renée Dupré
                """)
        #expect(message.fullText.hasSuffix("> pouvez-vous nous envoyer le numéro de facture ?"))
    }

    @Test func htmlOnlyMail() throws {
        let message = try MIMEFixtures.message("html-only.eml")
        #expect(message.notes == [])
        #expect(message.plainText == nil)
        #expect(message.from == [MIMEAddress(name: "Raman, Priya", address: "priya@example.com")])
        #expect(message.date == Date(timeIntervalSince1970: 1_796_284_799))  // 23:59:59 -0800 is 07:59:59 UTC
        #expect(
            message.text == """
                Export to PDF fails

                Hi team,
                since Monday the Export to PDF button does nothing. Steps:

                1. Open a report
                2. Click Export → PDF

                - Browser: Firefox 133
                - Plan: Pro & Analytics

                See the status page (https://status.example.com/incidents/42) and https://example.com/docs.

                Order #1042
                Total €49.00 — paid

                Thanks & regards,
                Priya
                """)
        #expect(!message.text.contains("alert") && !message.text.contains("color: red"))
    }

    @Test func pdfAttachmentAndRFC2231Filename() throws {
        let message = try MIMEFixtures.message("pdf-attachment.eml")
        #expect(message.notes == [])
        // format=flowed: the soft break after "on the " is joined back; the "-- " signature is cut.
        #expect(
            message.text == """
                Hello,

                the attached invoice lists the annual plan, but we are on the monthly plan since März. Could you send \
                a corrected one?

                Thanks,
                Tom
                """)
        #expect(message.fullText.hasSuffix("-- \nTom Becker · Becker Logistik"))
        #expect(message.attachments.count == 2)
        let pdf = message.attachments[0]
        #expect(pdf.filename == "invoice-1042.pdf")
        #expect(pdf.contentType == "application/pdf")
        #expect(pdf.size == 326 && pdf.data.count == 326)
        #expect(String(decoding: pdf.data.prefix(8), as: UTF8.self) == "%PDF-1.4")
        #expect(String(decoding: pdf.data.suffix(6), as: UTF8.self) == "%%EOF\n")
        #expect(!pdf.isInline && !pdf.isOmitted && pdf.contentID == nil && pdf.partPath == "2")
        let csv = message.attachments[1]
        #expect(csv.filename == "Bestellübersicht 2026.csv")  // filename*0*=UTF-8''...; filename*1="2026.csv"
        #expect(csv.contentType == "text/csv")
        #expect(String(decoding: csv.data, as: UTF8.self) == "order,total\n1042,49.00\n")
    }

    @Test func autoReplyIsClassified() throws {
        let message = try MIMEFixtures.message("auto-reply.eml")
        #expect(message.notes == [])
        #expect(message.automation == MIMEAutomation(kind: .autoReply, reason: "Auto-Submitted: auto-replied"))
        #expect(message.automation.isAutomated)
        #expect(message.subject == "Automatic reply: Duplicate charge [#12]")
        #expect(message.inReplyTo == ["reply-12-1.9c2d@support.example.test"])
        #expect(message.text.hasPrefix("I am out of the office until Monday, 7 December"))
        #expect(message.bounce == nil)
    }

    @Test func forwardedMessageIsAnAttachment() throws {
        let raw = """
            From: Ann <ann@example.com>
            Subject: Fwd: the invoice mail
            Content-Type: multipart/mixed; boundary="outer"

            --outer
            Content-Type: text/plain; charset=utf-8

            See the mail below, the amount is wrong.
            --outer
            Content-Type: message/rfc822

            From: Billing <billing@example.com>
            Subject: Your invoice
            Message-ID: <inv-1@example.com>

            Amount due: 99 EUR
            --outer--

            """
        let message = MIMEMessage.parse(Array(raw.utf8))
        #expect(message.notes == [])
        #expect(message.text == "See the mail below, the amount is wrong.")
        #expect(message.attachments.count == 1)
        let forwarded = try #require(message.attachments.first)
        #expect(forwarded.filename == "Your invoice.eml" && forwarded.contentType == "message/rfc822")
        #expect(String(decoding: forwarded.data, as: UTF8.self).hasSuffix("Amount due: 99 EUR"))
        let embedded = try #require(message.root.parts.last?.parts.first)
        #expect(embedded.headers["Message-ID"] == "<inv-1@example.com>" && embedded.text == "Amount due: 99 EUR")
        #expect(message.bounce == nil && message.automation.kind == .none)
    }

    @Test func lineEndingsDoNotMatter() throws {
        // Every fixture parses the same with its line ends swapped (CRLF <-> LF).
        for name in MIMEFixtures.names {
            let bytes = try MIMEFixtures.bytes(name)
            let isCRLF = bytes.firstIndex(of: 0x0A).map { $0 > 0 && bytes[$0 - 1] == 0x0D } ?? false
            let text = String(decoding: bytes, as: UTF8.self)
            guard String(validating: bytes, as: UTF8.self) != nil else { continue }  // Latin-1 bytes: skip
            let swapped =
                isCRLF
                ? text.replacingOccurrences(of: "\r\n", with: "\n") : text.replacingOccurrences(of: "\n", with: "\r\n")
            let original = MIMEMessage.parse(bytes)
            let other = MIMEMessage.parse(Array(swapped.utf8))
            #expect(other.text == original.text, "\(name)")
            #expect(other.subject == original.subject, "\(name)")
            #expect(other.attachments.map(\.data) == original.attachments.map(\.data), "\(name)")
            #expect(other.notes == original.notes, "\(name)")
        }
    }
}
