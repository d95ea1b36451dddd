import Testing

@testable import TicketflowIMAP

/// The framer cuts a byte stream into responses exactly, however the bytes are split into reads.
@Suite struct IMAPResponseFramerTests {
    /// Every byte value, CRLFs, a line ending in `{3}` and a bare `)` inside the literal: framing must not look.
    private static let literal: [UInt8] = Array(0...255) + Array("\r\n* 2 EXISTS {3}\r\n)\r\n".utf8) + Array(0...255)

    private static let responses: [[UInt8]] = [
        Array("* OK [CAPABILITY IMAP4rev1 IDLE] ready\r\n".utf8),
        Array("* 1 FETCH (UID 7 BODY[] {\(literal.count)}\r\n".utf8) + literal + Array(" FLAGS ())\r\n".utf8),
        Array("* 2 FETCH (BODY[HEADER] {0}\r\n UID 8 BODY[] {2}\r\n\r\n)\r\n".utf8),
        Array("a3 OK done\r\n".utf8),
    ]

    /// Feeds `stream` to the framer `chunk` bytes at a time, as reads from a socket would arrive.
    private func frames(of stream: [UInt8], chunk: Int, framer: IMAPResponseFramer) throws -> [[UInt8]] {
        var buffer: [UInt8] = []
        var frames: [[UInt8]] = []
        var offset = 0
        while offset < stream.count {
            buffer += stream[offset..<min(offset + chunk, stream.count)]
            offset += chunk
            while let length = try framer.frameLength(in: buffer) {
                frames.append(Array(buffer[..<length]))
                buffer.removeFirst(length)
            }
        }
        #expect(buffer.isEmpty)
        return frames
    }

    @Test(arguments: [1, 2, 3, 7, 64, 100_000])
    func splitsExactlyAtAnyReadSize(chunk: Int) throws {
        let stream = Self.responses.flatMap { $0 }
        #expect(try frames(of: stream, chunk: chunk, framer: IMAPResponseFramer()) == Self.responses)
    }

    @Test func framedResponsesParse() throws {
        let parsed = try Self.responses.map(IMAPResponseParser.parse)
        guard case .untagged(.fetch(let first)) = parsed[1], case .untagged(.fetch(let second)) = parsed[2] else {
            Issue.record("not FETCH responses: \(parsed)")
            return
        }
        #expect(first.body == Self.literal)
        #expect(first.uid == 7)
        #expect(first.flags == [])
        #expect(second.header == [])
        #expect(second.body == [0x0D, 0x0A])
        #expect(second.uid == 8)
    }

    @Test func incompleteInputWaits() throws {
        let framer = IMAPResponseFramer()
        #expect(try framer.frameLength(in: Array("* 3 EXI".utf8)) == nil)
        #expect(try framer.frameLength(in: Array("* 1 FETCH (BODY[] {5}\r\nabcd".utf8)) == nil)
        #expect(try framer.frameLength(in: Array("* 1 FETCH (BODY[] {5}\r\nabcde".utf8)) == nil)
        #expect(try framer.frameLength(in: Array("* 1 FETCH (BODY[] {5}\r\nabcde)\r\n* 2".utf8)) == 31)
        // A quoted "{5}" at the line end is not a literal announcement.
        #expect(try framer.frameLength(in: Array("* OK \"{5}\"\r\nxx".utf8)) == 12)
    }

    @Test func oversizedResponsesAreRefused() throws {
        let framer = IMAPResponseFramer(maxResponseBytes: 1000)
        let announced = #expect(throws: IMAPError.self) {
            try framer.frameLength(in: Array("* 1 FETCH (BODY[] {999999999}\r\n".utf8))
        }
        #expect(announced?.code == .responseTooLarge)
        let endless = #expect(throws: IMAPError.self) {
            try framer.frameLength(in: [UInt8](repeating: 0x41, count: 1001))
        }
        #expect(endless?.code == .responseTooLarge)
        #expect(try framer.frameLength(in: Array("* 1 FETCH (BODY[] {900}\r\n".utf8)) == nil)
    }
}
