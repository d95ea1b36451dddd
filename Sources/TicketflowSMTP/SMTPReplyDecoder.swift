import NIOCore

/// A decoded reply, and whether more bytes followed it in what was received so far.
struct DecodedReply: Sendable {
    var reply: SMTPReply
    /// After a STARTTLS reply nothing may follow before the handshake: such bytes would be injected plain text.
    var followedByBytes: Bool
}

/// Splits the server's byte stream into CRLF-terminated lines and groups them into replies ("250-a", "250 b").
struct SMTPReplyDecoder: ByteToMessageDecoder {
    typealias InboundOut = DecodedReply

    /// RFC 5321 allows 512 octets per reply line; real servers stay far below this.
    static let maximumLineLength = 4096
    /// EHLO replies have a line per extension; a few dozen at most.
    static let maximumLines = 256

    private var lines: [String] = []

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        let view = buffer.readableBytesView
        guard let newline = view.firstIndex(of: UInt8(ascii: "\n")) else {
            guard buffer.readableBytes <= Self.maximumLineLength else {
                throw violation("a reply line longer than \(Self.maximumLineLength) bytes")
            }
            return .needMoreData
        }
        let length = view.distance(from: view.startIndex, to: newline)
        guard length <= Self.maximumLineLength else {
            throw violation("a reply line longer than \(Self.maximumLineLength) bytes")
        }
        var line = buffer.readString(length: length) ?? ""
        buffer.moveReaderIndex(forwardBy: 1)
        if line.hasSuffix("\r") { line.removeLast() }
        guard SMTPReply.code(of: line) != nil else { throw violation("a malformed reply line: \(line.prefix(80))") }
        lines.append(line)
        guard lines.count <= Self.maximumLines else {
            throw violation("a reply of more than \(Self.maximumLines) lines")
        }
        if SMTPReply.isFinal(line) {
            guard let reply = SMTPReply(rawLines: lines) else {
                throw violation(
                    "a reply whose lines carry different codes: \(lines.joined(separator: " | ").prefix(120))")
            }
            lines = []
            let decoded = DecodedReply(reply: reply, followedByBytes: buffer.readableBytes > 0)
            context.fireChannelRead(wrapInboundOut(decoded))
        }
        return .continue
    }

    mutating func decodeLast(
        context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool
    ) throws -> DecodingState {
        // A partial line at the end is dropped: the handler reports the closed connection.
        while try decode(context: context, buffer: &buffer) == .continue {}
        return .needMoreData
    }

    private func violation(_ what: String) -> SMTPError {
        SMTPError(.protocolViolation, command: "", detail: "the server sent \(what)")
    }
}
