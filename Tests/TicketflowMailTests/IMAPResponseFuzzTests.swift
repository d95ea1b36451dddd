import Testing
import TicketflowCore

@testable import TicketflowIMAP

/// A broken or hostile IMAP server (or anyone on an `imap+plain` link) controls every byte the
/// parser and framer read: cut, damaged or random responses must parse or be a protocol error,
/// never trap, since a trap takes the whole server down with the mailbox poller.
@Suite struct IMAPResponseFuzzTests {
    /// What Dovecot and RFC 3501 send, literals included.
    static let responses: [String] = [
        "* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ AUTH=PLAIN] Dovecot ready.\r\n",
        "* 172 EXISTS\r\n", "* OK [UIDVALIDITY 3857529045] UIDs valid\r\n",
        "* OK [UIDNEXT 4392] Predicted next UID\r\n",
        "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n",
        "* OK [PERMANENTFLAGS (\\Deleted \\Seen \\*)] Limited\r\n",
        "a2 NO [AUTHENTICATIONFAILED] Authentication failed.\r\n",
        "a5 OK [APPENDUID 1796308245 1] Append completed (0.011 + 0.301 + 0.010 secs).\r\n",
        "* BYE Logging out\r\n", "+ idling\r\n", "* SEARCH 2 84 882\r\n", "* 22 EXPUNGE\r\n",
        "* 1 FETCH (UID 1 RFC822.SIZE 11 FLAGS (\\Seen \\Recent) BODY[] {11}\r\nhello\r\nyou)\r\n",
        "* 1 FETCH (UID 1 BODY[HEADER] {15}\r\nSubject: hi\r\n\r\n)\r\n", "* 4 FETCH (UID 10 BODY[] NIL)\r\n",
        "* 2 FETCH (FLAGS () UID 8 BODY[] \"quoted \\\"body\\\"\" INTERNALDATE \"17-Jul-1996 02:44:25 -0700\")\r\n",
    ]

    /// Bytes where IMAP's syntax is fragile: brackets, literals, quotes, escapes, line ends, 8-bit.
    static let insertions: [[UInt8]] =
        [
            "(", ")", "[", "]", "{", "}", "{4294967296}\r\n", "{99999}\r\n", "\"", "\\", "\r\n", "\n", " ", "NIL",
            "* ", "0", "-1", "BODY[", "\u{FF}",
        ].map { Array($0.utf8) } + [[0x00], [0xFF]]

    /// Parses or refuses: a thrown IMAPError is fine, anything else fails (a trap ends the run).
    private func survives(_ bytes: [UInt8]) {
        _ = try? IMAPResponseParser.parse(bytes)
        let framer = IMAPResponseFramer(maxResponseBytes: 1 << 16)
        if let length = try? framer.frameLength(in: bytes) {
            #expect(length > 0 && length <= bytes.count)
        }
    }

    @Test func everyCutOfEveryResponse() {
        for response in Self.responses {
            let bytes = Array(response.utf8)
            for end in 0...bytes.count { survives(Array(bytes[..<end])) }
        }
    }

    @Test func damagedResponses() {
        var random = SplitMix64(seed: 2026)
        var parsed = 0
        for response in Self.responses {
            let original = Array(response.utf8)
            for _ in 0..<300 {
                var bytes = original
                for _ in 0..<Int.random(in: 1...4, using: &random) {
                    let position = Int.random(in: 0...bytes.count, using: &random)
                    if Bool.random(using: &random), position < bytes.count {
                        bytes.remove(at: position)
                    } else {
                        bytes.insert(contentsOf: Self.insertions.randomElement(using: &random)!, at: position)
                    }
                }
                survives(bytes)
                if (try? IMAPResponseParser.parse(bytes)) != nil { parsed += 1 }
            }
        }
        // The damage is not all fatal: many responses still parse, so the parser was really exercised.
        #expect(parsed > 500)
    }

    @Test func randomBytes() {
        var random = SplitMix64(seed: 7)
        for length in [0, 1, 2, 3, 8, 64, 512, 4096] {
            for _ in 0..<50 {
                survives((0..<length).map { _ in UInt8.random(in: 0...255, using: &random) })
                // Random bytes from IMAP's own alphabet reach deeper than arbitrary ones.
                let alphabet = Array("* ()[]{}\"\\0123456789 NILOKFETCHUIDBODY\r\n".utf8)
                survives((0..<length).map { _ in alphabet.randomElement(using: &random)! })
            }
        }
    }
}
