import Testing

@testable import TicketflowIMAP

/// Command encoding: quoting, literals, mailbox names, sequence sets, and summaries without secrets.
@Suite struct IMAPCommandTests {
    private func text(_ pieces: [[UInt8]]) -> [String] {
        pieces.map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func loginQuotesAndEscapes() {
        let command = IMAPCommand("LOGIN", [.string("support@example.test"), .string(#"se"cr\et"#)])
        #expect(text(command.encoded(tag: "T1")) == [#"T1 LOGIN "support@example.test" "se\"cr\\et""# + "\r\n"])
        #expect(command.summary == "LOGIN")
        #expect(!command.summary.contains("cr"))
    }

    @Test func eightBitAndLineBreaksGoAsLiterals() {
        let command = IMAPCommand("LOGIN", [.string("anne"), .string("pässword")], summary: "LOGIN anne")
        let pieces = command.encoded(tag: "T2")
        #expect(pieces.count == 2)
        #expect(text(pieces)[0] == "T2 LOGIN \"anne\" {9}\r\n")
        #expect(pieces[1] == Array("pässword".utf8) + [0x0D, 0x0A])
        let multiline = IMAPCommand("X", [.string("a\r\nb"), .string("")]).encoded(tag: "T3")
        #expect(text(multiline) == ["T3 X {4}\r\n", "a\r\nb \"\"\r\n"])
    }

    @Test func appendSendsTheMessageAsALiteral() {
        let message: [UInt8] = Array("Subject: x\r\n\r\n".utf8) + [0xE9, 0xFF] + [0x0D, 0x0A]
        let command = IMAPCommand("APPEND", [.mailbox("INBOX"), .raw("(\\Seen)"), .literal(message)])
        let pieces = command.encoded(tag: "A5")
        #expect(text(pieces)[0] == "A5 APPEND \"INBOX\" (\\Seen) {\(message.count)}\r\n")
        #expect(pieces[1] == message + [0x0D, 0x0A])
        #expect(command.summary == "APPEND INBOX (\\Seen)")
    }

    @Test func mailboxNamesInModifiedUTF7() {
        // RFC 3501 section 5.1.3's example, and an ampersand.
        #expect(IMAPModifiedUTF7.encode("~peter/mail/台北/日本語") == "~peter/mail/&U,BTFw-/&ZeVnLIqe-")
        #expect(IMAPModifiedUTF7.encode("Entwürfe") == "Entw&APw-rfe")
        #expect(IMAPModifiedUTF7.encode("R&D") == "R&-D")
        #expect(IMAPModifiedUTF7.encode("INBOX") == "INBOX")
        let select = IMAPCommand("SELECT", [.mailbox("Entwürfe")]).encoded(tag: "T4")
        #expect(text(select) == ["T4 SELECT \"Entw&APw-rfe\"\r\n"])
    }

    @Test func sequenceSetsAreCompressed() {
        #expect(IMAPSequenceSet.compress([7, 1, 2, 3, 3, 9, 10]) == "1:3,7,9:10")
        #expect(IMAPSequenceSet.compress([42]) == "42")
        #expect(IMAPSequenceSet.compress([UInt32.max, UInt32.max - 1]) == "4294967294:4294967295")
        #expect(IMAPSequenceSet.compress([]) == "")
    }

    @Test func flagsMustBeAtoms() throws {
        #expect(try IMAPClient.flagList(["\\Seen", "$Label1"], command: "X") == "\\Seen $Label1")
        for bad in ["\\Seen) UID FETCH", "", "\\", "a\r\nb", "x\"y"] {
            #expect(throws: IMAPError.self) { try IMAPClient.flagList([bad], command: "X") }
        }
    }
}
