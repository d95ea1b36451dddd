/// The DATA section of a message as it goes on the wire (RFC 5321 4.5.2).
enum SMTPMessageData {
    /// `message` with every line ending made CRLF (bare LF and bare CR included), every line that starts with "."
    /// given a second one, a final CRLF, and the terminating ".\r\n".
    static func encode(_ message: some Sequence<UInt8>) -> [UInt8] {
        let cr = UInt8(ascii: "\r")
        let lf = UInt8(ascii: "\n")
        let dot = UInt8(ascii: ".")
        var out: [UInt8] = []
        out.reserveCapacity(message.underestimatedCount + message.underestimatedCount / 32 + 5)
        var atLineStart = true
        var pendingCR = false
        for byte in message {
            if pendingCR {
                pendingCR = false
                out.append(contentsOf: [cr, lf])
                atLineStart = true
                if byte == lf { continue }
            }
            switch byte {
            case cr:
                pendingCR = true
            case lf:
                out.append(contentsOf: [cr, lf])
                atLineStart = true
            default:
                if atLineStart && byte == dot { out.append(dot) }
                out.append(byte)
                atLineStart = false
            }
        }
        if pendingCR || !atLineStart { out.append(contentsOf: [cr, lf]) }
        out.append(contentsOf: [dot, cr, lf])
        return out
    }

    /// Whether the message has bytes above 127, so it needs BODY=8BITMIME.
    static func isEightBit(_ message: some Sequence<UInt8>) -> Bool { message.contains { $0 >= 0x80 } }
}
