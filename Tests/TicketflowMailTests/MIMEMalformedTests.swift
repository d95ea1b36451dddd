import Foundation
import Testing
import TicketflowMIME

/// Malformed and oversized mail: parsed as far as possible, described in notes, never a crash or a lost byte.
@Suite struct MIMEMalformedTests {
    @Test func missingEndBoundaryAndTruncatedPart() throws {
        let message = try MIMEFixtures.message("malformed-missing-end.eml")
        #expect(message.notes == ["message: multipart ends without its closing boundary (truncated?)"])
        #expect(message.text == "The sync stopped at 11:58 and has not resumed.")
        #expect(message.attachments.map(\.filename) == ["log.html"])
        #expect(String(decoding: message.attachments[0].data, as: UTF8.self) == "<p>I also attached the lo")
    }

    @Test func badBase64KeepsWhatDecodes() throws {
        let message = try MIMEFixtures.message("malformed-bad-base64.eml")
        #expect(message.notes == ["message: skipped 5 non-base64 byte(s)"])
        #expect(message.text == "Hello, my order #1042 has not arrived. Please help.")
    }

    @Test func unknownCharsetIsGuessed() throws {
        let message = try MIMEFixtures.message("malformed-unknown-charset.eml")
        #expect(message.notes == ["message: unknown charset 'x-mystery', decoded as Windows-1252"])
        #expect(message.text == "Café au lait for the team, 20€ charged twice.")
        #expect(message.subject == "Café order")
    }

    @Test func headerLineWithoutColonIsSkipped() throws {
        let message = try MIMEFixtures.message("malformed-header-no-colon.eml")
        #expect(
            message.notes == [
                "message: skipped header line without colon: This line has no colon and is not a header",
                "message: unreadable Date header 'not a date at all'",
            ])
        #expect(message.subject == "Where is my parcel?")
        #expect(message.messageID == "no-colon-1@example.com")
        #expect(message.from == [MIMEAddress(name: "Jörg Lee", address: "lee@example.com")])  // raw UTF-8 header
        #expect(message.date == nil)
        #expect(message.text == "My parcel 1Z999 has not moved for a week.")
    }

    @Test func truncatedAttachmentKeepsItsStart() throws {
        let message = try MIMEFixtures.message("malformed-truncated.eml")
        #expect(
            message.notes == [
                "message: multipart ends without its closing boundary (truncated?)",
                "part 2: base64 ended mid-character (truncated?)",
            ])
        #expect(message.text == "Please find the signed contract attached.")
        let pdf = try #require(message.attachments.first)
        #expect(pdf.filename == "contract.pdf")
        #expect(String(decoding: pdf.data.prefix(8), as: UTF8.self) == "%PDF-1.4")
        #expect(pdf.size == pdf.data.count && pdf.size > 100)
    }

    @Test func missingBoundaryParameterIsGuessed() throws {
        let message = try MIMEFixtures.message("malformed-no-boundary.eml")
        #expect(message.notes == ["message: multipart without boundary parameter, guessed 'frontier' from the body"])
        #expect(message.text == "Plain version of my question about invoices.")
        #expect(message.htmlBody == "<p>HTML version of my question about invoices.</p>")
    }

    @Test func missingBlankLineStartsTheBody() throws {
        let message = try MIMEFixtures.message("malformed-no-blank-line.eml")
        #expect(
            message.notes.first
                == "message: no blank line after the headers; body taken to start at a line without colon")
        #expect(message.subject == "No blank line")
        #expect(message.text == "I forgot the blank line after the headers.\nSecond line of the body.")
    }

    @Test func attachmentLimitsKeepMetadataOnly() throws {
        let limits = MIMEParseLimits(maxAttachmentBytes: 100, maxAttachments: 10, maxPartDepth: 10)
        let message = try MIMEFixtures.message("pdf-attachment.eml", limits: limits)
        #expect(
            message.notes == ["part 2: attachment 'invoice-1042.pdf' omitted, 326 bytes is over the 100-byte limit"])
        #expect(message.attachments.map(\.isOmitted) == [true, false])
        #expect(message.attachments[0].size == 326 && message.attachments[0].data.isEmpty)
        #expect(message.attachments[0].filename == "invoice-1042.pdf")
        #expect(message.attachments[1].data.count == 23)
        #expect(message.text.hasPrefix("Hello,"))

        let counted = try MIMEFixtures.message("pdf-attachment.eml", limits: MIMEParseLimits(maxAttachments: 1))
        #expect(counted.attachments.map(\.isOmitted) == [false, true])
        #expect(counted.notes == ["part 3: attachment 'Bestellübersicht 2026.csv' omitted, more than 1 attachments"])
    }

    @Test func deepNestingStopsAtTheDepthLimit() {
        var raw = "From: a@example.com\nSubject: deep\nContent-Type: multipart/mixed; boundary=b0\n\n"
        for level in 1..<40 { raw += "--b\(level - 1)\nContent-Type: multipart/mixed; boundary=b\(level)\n\n" }
        raw += "--b39\nContent-Type: text/plain\n\nbottom\n"
        let message = MIMEMessage.parse(Array(raw.utf8), limits: MIMEParseLimits(maxPartDepth: 5))
        #expect(message.notes.contains { $0.hasSuffix("nested deeper than 5 levels, not parsed") })
        #expect(message.subject == "deep")
        #expect(message.raw.count == raw.utf8.count)
    }

    @Test func everyPrefixOfEveryFixtureParses() throws {
        // A connection can drop anywhere: each cut must parse, keep the raw bytes, and not crash.
        var parsed = 0
        for name in MIMEFixtures.names {
            let bytes = try MIMEFixtures.bytes(name)
            for end in stride(from: 0, through: bytes.count, by: 11) {
                let message = MIMEMessage.parse(Array(bytes[..<end]))
                #expect(message.raw.count == end)
                parsed += 1
            }
        }
        #expect(parsed > 1000)
    }

    @Test func mutatedFixturesParse() throws {
        // Random damage where MIME is fragile: line ends, boundary dashes, "=" escapes, quotes, 8-bit bytes.
        var generator = SystemRandomNumberGenerator()
        let insertions: [[UInt8]] = [
            [0x0D], [0x0A], Array("--".utf8), [0x3D], [0x22], [0xFF], Array("=?".utf8), [0x3C],
        ]
        for name in MIMEFixtures.names {
            let original = try MIMEFixtures.bytes(name)
            for _ in 0..<40 {
                var bytes = original
                for _ in 0..<4 {
                    let position = Int.random(in: 0...bytes.count, using: &generator)
                    if Bool.random(using: &generator), position < bytes.count {
                        bytes.remove(at: position)
                    } else {
                        bytes.insert(contentsOf: insertions.randomElement(using: &generator)!, at: position)
                    }
                }
                #expect(MIMEMessage.parse(bytes).raw == bytes)
            }
        }
    }

    @Test func garbageBytesParse() {
        var generator = SystemRandomNumberGenerator()
        for length in [0, 1, 2, 7, 100, 4096] {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let message = MIMEMessage.parse(bytes)
            #expect(message.raw == bytes)
        }
        let boundaryOnly = MIMEMessage.parse(Array("Content-Type: multipart/mixed; boundary=x\n\n--x--\n".utf8))
        #expect(boundaryOnly.text == "" && boundaryOnly.attachments.isEmpty)
    }

    @Test func parseTimePerFixture() throws {
        // Information for docs/benchmarks.md, not asserted: wall time per parse of each fixture in this build.
        let rounds = 50
        var lines: [String] = []
        for name in MIMEFixtures.names {
            let bytes = try MIMEFixtures.bytes(name)
            let start = ContinuousClock.now
            for _ in 0..<rounds { _ = MIMEMessage.parse(bytes) }
            let perParse = (ContinuousClock.now - start) / rounds
            lines.append("\(name) (\(bytes.count) B): \(perParse)")
        }
        // A 1 MiB base64 attachment: the cost of scanning boundaries and decoding, per MiB.
        let payload = (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let big = Array(
            ("From: a@example.com\nSubject: big\nContent-Type: multipart/mixed; boundary=zz\n\n--zz\n"
                + "Content-Type: text/plain\n\nSee attachment.\n--zz\nContent-Type: application/octet-stream\n"
                + "Content-Transfer-Encoding: base64\n\n"
                + Data(payload).base64EncodedString(options: [.lineLength76Characters, .endLineWithLineFeed])
                + "\n--zz--\n").utf8)
        let start = ContinuousClock.now
        let message = MIMEMessage.parse(big)
        let elapsed = ContinuousClock.now - start
        #expect(message.attachments.first?.data == payload)
        lines.append("1 MiB base64 attachment (\(big.count) B): \(elapsed)")
        print("MIME parse time per fixture:\n" + lines.joined(separator: "\n"))
    }
}
