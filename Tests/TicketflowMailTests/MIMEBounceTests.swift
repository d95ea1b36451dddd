import Testing
import TicketflowMIME

/// Delivery reports and loop-safety classification.
@Suite struct MIMEBounceTests {
    @Test func postfixDeliveryStatusNotification() throws {
        let message = try MIMEFixtures.message("dsn-bounce.eml")
        #expect(message.notes == [])
        #expect(message.automation.kind == .bounce)
        let bounce = try #require(message.bounce)
        #expect(bounce.isStandardReport)
        #expect(bounce.originalMessageID == "a1b2c3d4e5f6.1733220300@support.example.test")
        #expect(bounce.reportingMTA == "mail.example.test")
        #expect(bounce.recipients.count == 1)
        #expect(bounce.finalRecipient == "nobody@example.net")
        #expect(bounce.recipients[0].originalRecipient == "nobody@example.net")
        #expect(bounce.action == "failed")
        #expect(bounce.status == "5.1.1")
        let diagnostic = "smtp; 550 5.1.1 <nobody@example.net>: Recipient address rejected: User unknown in virtual"
        #expect(bounce.diagnosticCode == diagnostic + " mailbox table")  // the folded line, unfolded
        #expect(bounce.recipients[0].isPermanentFailure)
        // The report parts are machinery, not attachments; the text is the human-readable notification.
        #expect(message.attachments.isEmpty)
        #expect(message.text.hasPrefix("This is the mail system at host mail.example.test."))
        #expect(message.from == [MIMEAddress(name: "Mail Delivery System", address: "MAILER-DAEMON@mail.example.test")])
    }

    @Test func delayedReportWithReturnedMessage() throws {
        let message = try MIMEFixtures.message("dsn-delayed.eml")
        #expect(message.notes == [])
        #expect(message.automation.kind == .bounce)
        let bounce = try #require(message.bounce)
        #expect(bounce.originalMessageID == "reply-40-1.77aa@support.example.test")  // from the message/rfc822 part
        #expect(bounce.action == "delayed")
        #expect(bounce.status == "4.4.7")
        #expect(bounce.finalRecipient == "tom.becker@example.de")
        #expect(bounce.diagnosticCode == "smtp;400 4.4.7 Message delayed")
        #expect(!bounce.recipients[0].isPermanentFailure)
        #expect(message.attachments.isEmpty)
        let returned = try #require(message.root.parts.last?.parts.first)
        #expect(returned.text == "We have sent you a corrected invoice.\n")
    }

    @Test func plainTextQmailBounce() throws {
        let message = try MIMEFixtures.message("qmail-bounce.eml")
        #expect(message.automation.kind == .bounce)
        #expect(message.automation.reason.contains("MAILER-DAEMON@mx.example.org"))
        let bounce = try #require(message.bounce)
        #expect(!bounce.isStandardReport)
        #expect(bounce.originalMessageID == "reply-55-1.0b0b@support.example.test")
        #expect(bounce.finalRecipient == "gone@example.org")
        #expect(bounce.status == "5.1.1")
        #expect(bounce.action == "failed")
    }

    @Test(arguments: [
        ("Auto-Submitted: auto-generated", MIMEAutomation.Kind.autoReply),
        ("Auto-Submitted: no", .none),
        ("X-Autoreply: yes", .autoReply),
        ("X-Autorespond: Out of office", .autoReply),
        ("Precedence: auto_reply", .autoReply),
        ("Precedence: bulk", .bulk),
        ("Precedence: junk", .bulk),
        ("Precedence: list", .list),
        ("List-Id: Customers <customers.lists.example.com>", .list),
        ("List-Unsubscribe: <mailto:leave@lists.example.com>", .list),
        ("Return-Path: <>", .autoReply),
        ("X-Mailer: Thunderbird", .none),
    ])
    func automationHeaders(header: String, expected: MIMEAutomation.Kind) {
        let raw = "From: Someone <someone@example.com>\r\nSubject: Hello\r\n\(header)\r\n\r\nBody\r\n"
        let message = MIMEMessage.parse(Array(raw.utf8))
        #expect(message.automation.kind == expected)
        #expect(expected == .none ? message.automation.reason.isEmpty : message.automation.reason.hasPrefix(header))
    }

    @Test func postmasterNeedsABounceSubject() {
        let notice = "From: postmaster@example.com\nSubject: Undeliverable: Your order\n\nDelivery has failed.\n"
        #expect(MIMEMessage.parse(Array(notice.utf8)).automation.kind == .bounce)
        // A postmaster writing about something else is not a bounce (and nothing else marks it automated).
        let question = "From: postmaster@example.com\nSubject: Question about DNS\n\nHi there.\n"
        #expect(MIMEMessage.parse(Array(question.utf8)).automation.kind == .none)
    }
}
