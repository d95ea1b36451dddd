import Testing

@testable import TicketflowIMAP

/// The response parser on canned server bytes: RFC 3501's own examples and lines Dovecot 2.3 sent.
@Suite struct IMAPResponseParserTests {
    private func parse(_ text: String) throws -> IMAPResponse {
        try IMAPResponseParser.parse(Array(text.utf8))
    }

    private func untagged(_ text: String) throws -> IMAPUntaggedResponse {
        guard case .untagged(let response) = try parse(text) else {
            Issue.record("not untagged: \(text)")
            throw IMAPError(.protocolViolation, text: "not untagged")
        }
        return response
    }

    @Test func dovecotGreetingCarriesCapabilities() throws {
        let greeting =
            "* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ STARTTLS "
            + "AUTH=PLAIN AUTH=LOGIN] Dovecot (Debian) ready.\r\n"
        let expected: [String] = [
            "IMAP4rev1", "SASL-IR", "LOGIN-REFERRALS", "ID", "ENABLE", "IDLE", "LITERAL+", "STARTTLS",
            "AUTH=PLAIN", "AUTH=LOGIN",
        ]
        #expect(try untagged(greeting) == .status(.ok, code: .capability(expected), text: "Dovecot (Debian) ready."))
    }

    @Test func rfcSelectResponses() throws {
        // RFC 3501 section 6.3.1, line by line.
        #expect(try untagged("* 172 EXISTS\r\n") == .exists(172))
        #expect(try untagged("* 1 RECENT\r\n") == .recent(1))
        #expect(
            try untagged("* OK [UNSEEN 12] Message 12 is first unseen\r\n")
                == .status(.ok, code: .unseen(12), text: "Message 12 is first unseen"))
        #expect(
            try untagged("* OK [UIDVALIDITY 3857529045] UIDs valid\r\n")
                == .status(.ok, code: .uidValidity(3_857_529_045), text: "UIDs valid"))
        #expect(
            try untagged("* OK [UIDNEXT 4392] Predicted next UID\r\n")
                == .status(.ok, code: .uidNext(4392), text: "Predicted next UID"))
        #expect(
            try untagged("* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n")
                == .flags(["\\Answered", "\\Flagged", "\\Deleted", "\\Seen", "\\Draft"]))
        #expect(
            try untagged("* OK [PERMANENTFLAGS (\\Deleted \\Seen \\*)] Limited\r\n")
                == .status(.ok, code: .permanentFlags(["\\Deleted", "\\Seen", "\\*"]), text: "Limited"))
        #expect(
            try parse("A142 OK [READ-WRITE] SELECT completed\r\n")
                == .tagged(IMAPTaggedResponse(tag: "A142", status: .ok, code: .readWrite, text: "SELECT completed")))
    }

    @Test func completionsAndFailures() throws {
        #expect(
            try parse("a2 NO [AUTHENTICATIONFAILED] Authentication failed.\r\n")
                == .tagged(
                    IMAPTaggedResponse(
                        tag: "a2", status: .no, code: .authenticationFailed, text: "Authentication failed.")))
        #expect(
            try parse("a4 BAD Error in IMAP command received by server.\r\n")
                == .tagged(
                    IMAPTaggedResponse(tag: "a4", status: .bad, text: "Error in IMAP command received by server.")))
        #expect(
            try parse("a5 OK [APPENDUID 1796308245 1] Append completed (0.011 + 0.301 + 0.010 secs).\r\n")
                == .tagged(
                    IMAPTaggedResponse(
                        tag: "a5", status: .ok, code: .appendUID(uidValidity: 1_796_308_245, uid: 1),
                        text: "Append completed (0.011 + 0.301 + 0.010 secs).")))
        // A bare completion without text, as some servers send, and a lower-case status word.
        #expect(try parse("t1 ok\r\n") == .tagged(IMAPTaggedResponse(tag: "t1", status: .ok, text: "")))
        #expect(try untagged("* BYE Logging out\r\n") == .status(.bye, code: nil, text: "Logging out"))
        #expect(
            try untagged("* OK [CLOSED] Previous mailbox closed.\r\n")
                == .status(.ok, code: .other("CLOSED", []), text: "Previous mailbox closed."))
        #expect(throws: IMAPError.self) { try parse("a1 MAYBE fine\r\n") }
    }

    @Test func continuationsSearchAndExpunge() throws {
        #expect(try parse("+ idling\r\n") == .continuation("idling"))
        #expect(
            try parse("+ Ready for additional command text\r\n") == .continuation("Ready for additional command text"))
        #expect(try parse("+\r\n") == .continuation(""))
        #expect(try untagged("* SEARCH 2 84 882\r\n") == .search([2, 84, 882]))
        #expect(try untagged("* SEARCH\r\n") == .search([]))
        #expect(try untagged("* 22 EXPUNGE\r\n") == .expunge(22))
        #expect(
            try untagged("* CAPABILITY IMAP4rev1 STARTTLS AUTH=GSSAPI LOGINDISABLED\r\n")
                == .capability(["IMAP4rev1", "STARTTLS", "AUTH=GSSAPI", "LOGINDISABLED"]))
    }

    @Test func fetchWithBinaryLiteral() throws {
        // Dovecot's answer to UID FETCH 1:* (UID RFC822.SIZE FLAGS BODY.PEEK[]) for an 8-bit message.
        let body: [UInt8] = Array("Subject: hi\r\n\r\nhello ".utf8) + [0xFF, 0xFE, 0x00] + Array(" body\r\n".utf8)
        let bytes =
            Array("* 1 FETCH (UID 1 RFC822.SIZE \(body.count) FLAGS (\\Seen \\Recent) BODY[] {\(body.count)}\r\n".utf8)
            + body + Array(")\r\n".utf8)
        guard case .untagged(.fetch(let fetch)) = try IMAPResponseParser.parse(bytes) else {
            Issue.record("not a FETCH")
            return
        }
        #expect(fetch.sequenceNumber == 1)
        #expect(fetch.uid == 1)
        #expect(fetch.size == UInt32(body.count))
        #expect(fetch.flags == ["\\Seen", "\\Recent"])
        #expect(fetch.body == body)
        #expect(fetch.header == nil)
    }

    @Test func fetchItemsInAnyOrderWithExtras() throws {
        // RFC 3501 section 8's example, items the client did not ask for included, then UID last.
        let text = """
            * 12 FETCH (FLAGS (\\Seen) INTERNALDATE "17-Jul-1996 02:44:25 -0700" \
            RFC822.SIZE 4286 ENVELOPE ("Wed, 17 Jul 1996 02:23:25 -0700 (PDT)" \
            "IMAP4rev1 WG mtg summary and minutes" \
            (("Terry Gray" NIL "gray" "cac.washington.edu")) \
            (("Terry Gray" NIL "gray" "cac.washington.edu")) \
            (("Terry Gray" NIL "gray" "cac.washington.edu")) \
            ((NIL NIL "imap" "cac.washington.edu")) \
            ((NIL NIL "minutes" "CNRI.Reston.VA.US") \
            ("John Klensin" NIL "KLENSIN" "MIT.EDU")) NIL NIL \
            "<B27397-0100000@cac.washington.edu>") \
            BODY ("TEXT" "PLAIN" ("CHARSET" "US-ASCII") NIL NIL "7BIT" 3028 \
            92) uid 4827 BODY[HEADER.FIELDS (SUBJECT FROM)] {10}\r\nSubject: x)\r\n
            """
        guard case .untagged(.fetch(let fetch)) = try parse(text) else {
            Issue.record("not a FETCH")
            return
        }
        #expect(fetch.sequenceNumber == 12)
        #expect(fetch.uid == 4827)
        #expect(fetch.size == 4286)
        #expect(fetch.flags == ["\\Seen"])
        #expect(fetch.body == nil)
        #expect(fetch.items["INTERNALDATE"] == .string(Array("17-Jul-1996 02:44:25 -0700".utf8)))
        #expect(fetch.items["BODY[HEADER.FIELDS (SUBJECT FROM)]"] == .string(Array("Subject: x".utf8)))
        let envelope = try #require(fetch.items["ENVELOPE"]?.list)
        #expect(envelope.count == 10)
        #expect(envelope[1].text == "IMAP4rev1 WG mtg summary and minutes")
        #expect(envelope[2].list?.first?.list?[0].text == "Terry Gray")
        #expect(envelope[2].list?.first?.list?[1] == .nilValue)
        #expect(envelope[6].list?.count == 2)
        #expect(envelope[7] == .nilValue)
        #expect(envelope[9].text == "<B27397-0100000@cac.washington.edu>")
    }

    @Test func headerOnlyAndQuotedBodies() throws {
        let header = "* 1 FETCH (UID 1 BODY[HEADER] {15}\r\nSubject: hi\r\n\r\n)\r\n"
        guard case .untagged(.fetch(let fetch)) = try parse(header) else {
            Issue.record("not a FETCH")
            return
        }
        #expect(fetch.header == Array("Subject: hi\r\n\r\n".utf8))
        // A small body may come quoted, with escapes; a missing one as NIL.
        guard case .untagged(.fetch(let quoted)) = try parse("* 3 FETCH (BODY[] \"a \\\"b\\\" \\\\c\" UID 9)\r\n")
        else {
            Issue.record("not a FETCH")
            return
        }
        #expect(quoted.body == Array("a \"b\" \\c".utf8))
        #expect(quoted.uid == 9)
        guard case .untagged(.fetch(let missing)) = try parse("* 4 FETCH (UID 10 BODY[] NIL)\r\n") else {
            Issue.record("not a FETCH")
            return
        }
        #expect(missing.items["BODY[]"] == .nilValue)
        #expect(missing.body == nil)
    }

    @Test func unknownDataIsKeptNotRejected() throws {
        #expect(
            try untagged("* LIST (\\HasNoChildren) \".\" INBOX\r\n")
                == .other("LIST", [.list([.atom("\\HasNoChildren")]), .string([0x2E]), .atom("INBOX")]))
        #expect(try untagged("* ENABLED\r\n") == .other("ENABLED", []))
        #expect(
            try untagged("* 5 XWEIRD foo\r\n") == .other("XWEIRD", [.atom("5"), .atom("foo")]))
        #expect(try untagged("* XNOTE \"unterminated\r\n") == .other("XNOTE", [.string(Array("\"unterminated".utf8))]))
    }

    @Test func malformedResponsesAreProtocolErrors() throws {
        for text in ["* 1 FETCH (UID 1\r\n", "* 1 FETCH (BODY[] {10}\r\nshort)\r\n", "a1\r\n", "* OK [UIDNEXT 5\r\n"] {
            let error = #expect(throws: IMAPError.self) { try parse(text) }
            #expect(error?.code == .protocolViolation)
        }
    }
}
