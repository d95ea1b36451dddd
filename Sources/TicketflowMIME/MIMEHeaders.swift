import Foundation

/// One header field as it appeared: the name as written and the unfolded, undecoded value.
public struct MIMEHeader: Sendable, Equatable {
    /// The field name as written (compare with `MIMEHeaders` lookups, which ignore case).
    public let name: String
    /// The value with folding removed and outer whitespace trimmed; encoded words are not decoded.
    public let value: String

    /// Creates a field (for composed messages; parsed ones come from `MIMEHeaders`).
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// A header block in its original order, with case-insensitive lookup.
public struct MIMEHeaders: Sendable, Equatable, Sequence {
    /// The fields in the order they appeared.
    public let fields: [MIMEHeader]

    /// Builds a header block from fields (mainly for tests and composed messages).
    public init(_ fields: [MIMEHeader]) {
        self.fields = fields
    }

    /// The value of the first field called `name` (any case), or nil.
    public subscript(_ name: String) -> String? {
        let lowered = name.lowercased()
        return fields.first { $0.name.lowercased() == lowered }?.value
    }

    /// The values of every field called `name` (any case), in order.
    public func values(_ name: String) -> [String] {
        let lowered = name.lowercased()
        return fields.filter { $0.name.lowercased() == lowered }.map(\.value)
    }

    /// The first value of `name` with RFC 2047 encoded words decoded.
    public func decoded(_ name: String) -> String? {
        self[name].map(MIMEEncodedWords.decode)
    }

    /// Iterates the fields in order.
    public func makeIterator() -> IndexingIterator<[MIMEHeader]> {
        fields.makeIterator()
    }

    /// Reads the header block at the start of `range`; returns it with the index where the body starts.
    /// Lines without a colon are skipped with a note, unless no header follows them before the blank line,
    /// in which case the body is taken to start there (a missing blank line).
    static func parse(
        _ bytes: [UInt8], in range: Range<Int>, notes: inout [String], context: String
    )
        -> (headers: MIMEHeaders, bodyStart: Int)
    {
        var lines: [(content: Range<Int>, next: Int)] = []
        var cursor = LineCursor(bytes: bytes, range: range)
        var bodyStart = range.upperBound
        while let line = cursor.next() {
            if line.content.isEmpty {
                bodyStart = line.next
                break
            }
            lines.append(line)
        }
        var fields: [(name: String, value: String)] = []
        var index = 0
        while index < lines.count {
            let content = lines[index].content
            let first = bytes[content.lowerBound]
            if first == 0x20 || first == 0x09 {
                let continuation = text(bytes[content]).trimmingLeadingWhitespace()
                if fields.isEmpty {
                    notes.append("\(context): header block starts with a continuation line")
                } else {
                    fields[fields.count - 1].value += " " + continuation
                }
            } else if let colon = headerColon(bytes, content) {
                let name = text(bytes[content.lowerBound..<colon]).trimmingWhitespace()
                fields.append((name, text(bytes[(colon + 1)..<content.upperBound])))
            } else if index == 0, bytes[content].starts(with: "From ".utf8) {
                // An mbox "From " separator line before the headers: not part of the message.
            } else if lines[(index + 1)...].prefix(50).contains(where: { headerColon(bytes, $0.content) != nil }) {
                notes.append("\(context): skipped header line without colon: \(preview(bytes[content]))")
            } else {
                notes.append("\(context): no blank line after the headers; body taken to start at a line without colon")
                bodyStart = content.lowerBound
                break
            }
            index += 1
        }
        let headers = fields.map { MIMEHeader(name: $0.name, value: $0.value.trimmingWhitespace()) }
        return (MIMEHeaders(headers), bodyStart)
    }

    /// The index of the colon ending a field name (printable ASCII without spaces, trailing blanks allowed).
    private static func headerColon(_ bytes: [UInt8], _ content: Range<Int>) -> Int? {
        var index = content.lowerBound
        var sawName = false
        var sawBlank = false
        while index < content.upperBound {
            let byte = bytes[index]
            if byte == UInt8(ascii: ":") { return sawName ? index : nil }
            if byte == 0x20 || byte == 0x09 {
                sawBlank = true
            } else if byte > 0x20 && byte < 0x7F && !sawBlank {
                sawName = true
            } else {
                return nil
            }
            index += 1
        }
        return nil
    }

    /// Header bytes as text: UTF-8 (RFC 6532) when valid, else Windows-1252 (raw 8-bit headers of old mailers).
    static func text(_ bytes: ArraySlice<UInt8>) -> String {
        if let valid = String(validating: bytes, as: UTF8.self) { return valid }
        return MIMECharset.windows1252(Array(bytes))
    }

    static func preview(_ bytes: ArraySlice<UInt8>) -> String {
        let line = text(bytes.prefix(60))
        return bytes.count > 60 ? line + "…" : line
    }
}

/// Walks the lines of a byte range, accepting CRLF and bare LF line ends.
struct LineCursor {
    let bytes: [UInt8]
    var position: Int
    let end: Int

    init(bytes: [UInt8], range: Range<Int>) {
        self.bytes = bytes
        self.position = range.lowerBound
        self.end = range.upperBound
    }

    /// The next line's content (without its line end) and where the line after it starts.
    mutating func next() -> (content: Range<Int>, next: Int)? {
        guard position < end else { return nil }
        let start = position
        var index = start
        while index < end && bytes[index] != 0x0A { index += 1 }
        var contentEnd = index
        if contentEnd > start && bytes[contentEnd - 1] == 0x0D { contentEnd -= 1 }
        position = index < end ? index + 1 : end
        return (start..<contentEnd, position)
    }
}
