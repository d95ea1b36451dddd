import Testing

@testable import TicketflowSMTP

/// The SMTP client's pure parts: replies, capabilities, the DATA encoding, errors and address checks.
@Suite struct SMTPProtocolTests {
    @Test func multiLineReplyKeepsEveryLineAndTheEnhancedStatus() throws {
        let reply = try #require(
            SMTPReply(rawLines: ["550-5.1.1 The email account that you tried to reach", "550 5.1.1 does not exist."]))
        #expect(reply.code == 550)
        #expect(reply.enhancedStatus == "5.1.1")
        #expect(reply.lines == ["The email account that you tried to reach", "does not exist."])
        #expect(reply.isPermanentFailure && !reply.isTransientFailure)
        #expect(reply.description == "550 5.1.1 The email account that you tried to reach does not exist.")
    }

    @Test func replyWithoutEnhancedStatusOrText() throws {
        let bare = try #require(SMTPReply(rawLines: ["354"]))
        #expect(bare.code == 354 && bare.lines == [""] && bare.enhancedStatus == nil)
        #expect(bare.isPositiveIntermediate)
        // "4.2" is not an enhanced status, and a 2.x.x status on a 4xx reply is not this reply's status.
        let plain = try #require(SMTPReply(rawLines: ["421 4.2 service not available"]))
        #expect(plain.enhancedStatus == nil && plain.text == "4.2 service not available")
        let mismatched = try #require(SMTPReply(rawLines: ["451 2.0.0 odd"]))
        #expect(mismatched.enhancedStatus == nil && mismatched.isTransientFailure)
    }

    @Test func malformedRepliesAreRejected() {
        #expect(SMTPReply(rawLines: ["250-first", "251 second"]) == nil)
        #expect(SMTPReply(rawLines: ["250 done", "250 again"]) == nil)
        #expect(SMTPReply(rawLines: ["250-never ends"]) == nil)
        #expect(SMTPReply(rawLines: ["25O oops"]) == nil)
        #expect(SMTPReply(rawLines: ["2500 too long"]) == nil)
        #expect(SMTPReply(rawLines: ["199 too low"]) == nil)
        #expect(SMTPReply(rawLines: []) == nil)
    }

    @Test func capabilitiesFromAPostfixEHLOReply() throws {
        let reply = try #require(
            SMTPReply(rawLines: [
                "250-mail.example.test", "250-PIPELINING", "250-SIZE 10240000", "250-STARTTLS",
                "250-AUTH PLAIN LOGIN", "250-AUTH=login", "250-ENHANCEDSTATUSCODES", "250-8BITMIME",
                "250-SMTPUTF8", "250 CHUNKING",
            ]))
        let capabilities = SMTPCapabilities(ehloReply: reply)
        #expect(capabilities.startTLS && capabilities.pipelining && capabilities.eightBitMIME)
        #expect(capabilities.smtpUTF8 && capabilities.enhancedStatusCodes && capabilities.supports("chunking"))
        #expect(capabilities.authMechanisms == ["PLAIN", "LOGIN"])
        #expect(capabilities.maximumSize == 10_240_000)
        #expect(!capabilities.supports("mail.example.test"))
    }

    @Test func capabilitiesWithoutExtensions() throws {
        let reply = try #require(SMTPReply(rawLines: ["250-old.example.test", "250 SIZE"]))
        let capabilities = SMTPCapabilities(ehloReply: reply)
        #expect(capabilities.maximumSize == 0)
        #expect(!capabilities.startTLS && capabilities.authMechanisms.isEmpty)
    }

    @Test func dataIsDotStuffedAndCRLFTerminated() {
        func encode(_ text: String) -> String {
            String(decoding: SMTPMessageData.encode(Array(text.utf8)), as: UTF8.self)
        }
        #expect(encode("a\r\n.b\r\n") == "a\r\n..b\r\n.\r\n")
        #expect(encode(".\n..\nx.y\n") == "..\r\n...\r\nx.y\r\n.\r\n")
        #expect(encode("bare\rcr\n\nlast") == "bare\r\ncr\r\n\r\nlast\r\n.\r\n")
        #expect(encode("ends in cr\r") == "ends in cr\r\n.\r\n")
        #expect(encode("") == ".\r\n")
        #expect(SMTPMessageData.isEightBit(Array("café".utf8)) && !SMTPMessageData.isEightBit(Array("cafe".utf8)))
    }

    @Test func onlyFiveHundredsArePermanent() throws {
        let busy = SMTPError(.reply, command: "RCPT TO:<a@b>", reply: SMTPReply(code: 452, lines: ["busy"]))
        let refused = SMTPError(.reply, command: "RCPT TO:<a@b>", reply: SMTPReply(code: 554, lines: ["no"]))
        #expect(!busy.isPermanent && refused.isPermanent)
        #expect(refused.description == "RCPT TO:<a@b> failed: 554 no")
        #expect(!SMTPError(.timeout, command: "DATA").isPermanent)
        #expect(SMTPError(.startTLSUnavailable, command: "STARTTLS").isPermanent)
    }

    @Test func addressesThatWouldBreakTheCommandAreRefused() throws {
        let plain = SMTPCapabilities()
        #expect(try SMTPClient.checkAddresses(sender: "", recipients: ["a@example.test"], capabilities: plain) == false)
        for bad in ["a@example.test>\r\nRCPT TO:<b@example.test", "a b@example.test", "<a@example.test>", ""] {
            #expect(throws: SMTPError.self) {
                try SMTPClient.checkAddresses(sender: "s@example.test", recipients: [bad], capabilities: plain)
            }
        }
        #expect(throws: SMTPError.self) {
            try SMTPClient.checkAddresses(sender: "s@example.test", recipients: [], capabilities: plain)
        }
        #expect(throws: SMTPError.self) {
            try SMTPClient.checkAddresses(
                sender: "s@example.test", recipients: ["josé@example.test"], capabilities: plain)
        }
        let utf8 = SMTPCapabilities(keywords: ["SMTPUTF8": []])
        #expect(
            try SMTPClient.checkAddresses(
                sender: "s@example.test", recipients: ["josé@example.test"], capabilities: utf8))
    }
}
