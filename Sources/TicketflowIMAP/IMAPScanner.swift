// Reads the generic tokens of one framed server response (RFC 3501 section 9, formal syntax): atoms, quoted
// strings, literals, parenthesised lists. The frame may span several lines when it holds literals.

/// A cursor over one complete response's bytes.
struct IMAPScanner {
    let bytes: [UInt8]
    var index = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The next byte, or nil at the end of the frame.
    var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    /// Whether the cursor is at the line end (CRLF) that closes the response, or past everything.
    var atLineEnd: Bool { peek == nil || peek == 0x0D || peek == 0x0A }

    /// Consumes `byte` or fails.
    mutating func expect(_ byte: UInt8) throws(IMAPError) {
        guard peek == byte else { throw failure("expected '\(Character(Unicode.Scalar(byte)))'") }
        index += 1
    }

    /// Consumes one space if there is one; servers differ on spaces around brackets and lists.
    mutating func skipSpace() {
        if peek == UInt8(ascii: " ") { index += 1 }
    }

    /// Reads an atom. A `[...]` section (FETCH's `BODY[HEADER.FIELDS (A B)]`) belongs to the atom, spaces
    /// included; outside one, `]` ends the atom, so response-code arguments stop at the closing bracket.
    mutating func readAtom() throws(IMAPError) -> String {
        let start = index
        var depth = 0
        while let byte = peek {
            if byte == UInt8(ascii: "[") {
                depth += 1
            } else if byte == UInt8(ascii: "]") {
                if depth == 0 { break }
                depth -= 1
            } else if depth == 0, Self.endsAtom(byte) {
                break
            } else if byte == 0x0D || byte == 0x0A {
                break
            }
            index += 1
        }
        guard index > start else { throw failure("expected an atom") }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    /// Reads any value: list, quoted string, literal, `NIL` or atom.
    mutating func readValue() throws(IMAPError) -> IMAPValue {
        switch peek {
        case UInt8(ascii: "("):
            return .list(try readList())
        case UInt8(ascii: "\""):
            return .string(try readQuoted())
        case UInt8(ascii: "{"):
            return .string(try readLiteral())
        case UInt8(ascii: "~") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "{"):
            index += 1  // a literal8 (RFC 3516 BINARY) reads like a literal
            return .string(try readLiteral())
        default:
            let atom = try readAtom()
            return atom.uppercased() == "NIL" ? .nilValue : .atom(atom)
        }
    }

    /// Reads `(value value ...)`.
    mutating func readList() throws(IMAPError) -> [IMAPValue] {
        try expect(UInt8(ascii: "("))
        var values: [IMAPValue] = []
        while true {
            skipSpace()
            if peek == UInt8(ascii: ")") {
                index += 1
                return values
            }
            guard !atLineEnd else { throw failure("unterminated list") }
            values.append(try readValue())
        }
    }

    /// Reads values separated by spaces up to the line end or an unbalanced `]`.
    mutating func readValues() throws(IMAPError) -> [IMAPValue] {
        var values: [IMAPValue] = []
        while true {
            skipSpace()
            if atLineEnd || peek == UInt8(ascii: "]") { return values }
            values.append(try readValue())
        }
    }

    /// Reads a quoted string; `\"` and `\\` are the only escapes.
    mutating func readQuoted() throws(IMAPError) -> [UInt8] {
        try expect(UInt8(ascii: "\""))
        var result: [UInt8] = []
        while let byte = peek, byte != 0x0D, byte != 0x0A {
            index += 1
            if byte == UInt8(ascii: "\"") { return result }
            if byte == UInt8(ascii: "\\"), let escaped = peek, escaped != 0x0D {
                result.append(escaped)
                index += 1
            } else {
                result.append(byte)
            }
        }
        throw failure("unterminated quoted string")
    }

    /// Reads `{n}` CRLF and then exactly n bytes, whatever they are.
    mutating func readLiteral() throws(IMAPError) -> [UInt8] {
        try expect(UInt8(ascii: "{"))
        var length = 0
        var digits = 0
        while let byte = peek, (0x30...0x39).contains(byte), digits < 10 {
            length = length * 10 + Int(byte - 0x30)
            digits += 1
            index += 1
        }
        if peek == UInt8(ascii: "+") { index += 1 }
        guard digits > 0 else { throw failure("literal without a length") }
        try expect(UInt8(ascii: "}"))
        if peek == 0x0D { index += 1 }
        try expect(0x0A)
        guard bytes.count - index >= length else { throw failure("literal of \(length) bytes is cut short") }
        defer { index += length }
        return Array(bytes[index..<index + length])
    }

    /// The rest of the line as text, without the CRLF.
    mutating func readRestOfLine() -> String {
        let start = index
        while !atLineEnd { index += 1 }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    /// A protocol error naming what went wrong and where.
    func failure(_ what: String) -> IMAPError {
        let lineEnd = bytes.firstIndex(of: 0x0A) ?? bytes.count
        let line = String(decoding: bytes[..<min(lineEnd, 200)], as: UTF8.self)
            .trimmingSuffix { $0 == "\r" || $0 == "\n" }
        return IMAPError(.protocolViolation, text: "\(what) at byte \(index) of server response: \(line)")
    }

    private static func endsAtom(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: " "), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "\""), UInt8(ascii: "{"):
            return true
        default:
            return byte < 0x20 || byte == 0x7F
        }
    }
}

extension String {
    fileprivate func trimmingSuffix(while predicate: (Character) -> Bool) -> String {
        var result = self
        while let last = result.last, predicate(last) { result.removeLast() }
        return result
    }
}
