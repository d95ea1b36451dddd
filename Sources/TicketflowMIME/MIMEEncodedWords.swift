import Foundation

/// RFC 2047 encoded words (`=?charset?B?...?=`, `=?charset?Q?...?=`) in headers: decoding for Subject, display
/// names and filenames, encoding for the headers this module writes.
public enum MIMEEncodedWords {
    private enum Segment {
        case text([UInt8])
        case word(charset: String, bytes: [UInt8])
    }

    /// Decodes every encoded word in `value`. Whitespace between two adjacent encoded words is dropped
    /// (RFC 2047 section 6.2), and adjacent words in one charset are joined before decoding, so a character
    /// split across two words survives. Malformed words are left as they are.
    public static func decode(_ value: String) -> String {
        guard value.contains("=?") else { return value }
        let segments = split(Array(value.utf8))
        var result = ""
        var pending: (charset: String, bytes: [UInt8])?
        func flushPending() {
            if let word = pending { result += MIMECharset.decode(word.bytes, label: word.charset).text }
            pending = nil
        }
        for (index, segment) in segments.enumerated() {
            switch segment {
            case .word(let charset, let bytes):
                if let word = pending, word.charset == charset {
                    pending = (charset, word.bytes + bytes)
                } else {
                    flushPending()
                    pending = (charset, bytes)
                }
            case .text(let bytes):
                let between =
                    pending != nil && index + 1 < segments.count
                    && bytes.allSatisfy { MIMETransferEncoding.isWhitespace($0) }
                if between, case .word = segments[index + 1] { continue }
                flushPending()
                result += String(decoding: bytes, as: UTF8.self)
            }
        }
        flushPending()
        return result
    }

    private static func split(_ bytes: [UInt8]) -> [Segment] {
        var segments: [Segment] = []
        var text: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "="), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "?"),
                let (word, next) = parseWord(bytes, at: index)
            {
                if !text.isEmpty { segments.append(.text(text)) }
                text = []
                segments.append(word)
                index = next
            } else {
                text.append(bytes[index])
                index += 1
            }
        }
        if !text.isEmpty { segments.append(.text(text)) }
        return segments
    }

    /// Parses `=?charset?E?text?=` starting at `start`; nil when it is not a well-formed encoded word.
    private static func parseWord(_ bytes: [UInt8], at start: Int) -> (Segment, Int)? {
        let question = UInt8(ascii: "?")
        var index = start + 2
        var charset: [UInt8] = []
        while index < bytes.count, bytes[index] != question {
            if MIMETransferEncoding.isWhitespace(bytes[index]) || charset.count > 40 { return nil }
            charset.append(bytes[index])
            index += 1
        }
        guard index + 2 < bytes.count, bytes[index + 2] == question, !charset.isEmpty else { return nil }
        let encoding = bytes[index + 1] | 0x20
        guard encoding == UInt8(ascii: "b") || encoding == UInt8(ascii: "q") else { return nil }
        index += 3
        let textStart = index
        while index + 1 < bytes.count, !(bytes[index] == question && bytes[index + 1] == UInt8(ascii: "=")) {
            if bytes[index] == 0x0D || bytes[index] == 0x0A { return nil }
            index += 1
        }
        guard index + 1 < bytes.count else { return nil }
        let text = bytes[textStart..<index]
        var label = String(decoding: charset, as: UTF8.self)
        if let star = label.firstIndex(of: "*") { label = String(label[..<star]) }  // RFC 2231 language suffix
        let decoded: [UInt8]
        if encoding == UInt8(ascii: "b") {
            decoded = MIMETransferEncoding.decodeBase64(text).bytes
        } else {
            decoded = decodeQ(text)
        }
        return (.word(charset: label.lowercased(), bytes: decoded), index + 2)
    }

    /// The Q encoding: quoted-printable where "_" is a space (and trailing spaces are meant).
    private static func decodeQ(_ text: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let byte = text[index]
            if byte == UInt8(ascii: "="), let high = MIMETransferEncoding.hexValue(text[safe: index + 1]),
                let low = MIMETransferEncoding.hexValue(text[safe: index + 2])
            {
                out.append(high << 4 | low)
                index += 3
                continue
            }
            out.append(byte == UInt8(ascii: "_") ? 0x20 : byte)
            index += 1
        }
        return out
    }

    /// Whether `value` can go into a header as is (printable ASCII and spaces, no encoded-word lookalike).
    public static func isPlainASCII(_ value: String) -> Bool {
        value.utf8.allSatisfy { $0 == 0x20 || ($0 >= 0x21 && $0 <= 0x7E) } && !value.contains("=?")
    }

    /// Encodes `value` as UTF-8 base64 encoded words of at most 75 characters each, split between characters
    /// (never inside one); plain ASCII comes back as a single unencoded element. Join the words with folding
    /// whitespace ("\r\n ") to build the header.
    public static func encode(_ value: String) -> [String] {
        if isPlainASCII(value) { return [value] }
        var words: [String] = []
        var chunk: [UInt8] = []
        func flush() {
            guard !chunk.isEmpty else { return }
            words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=")
            chunk = []
        }
        for character in value {
            let bytes = Array(String(character).utf8)
            // 42 bytes make 56 base64 characters; with "=?UTF-8?B?" and "?=" a word is 68 characters,
            // so "Subject: " and one word fit in 78 columns.
            if chunk.count + bytes.count > 42 { flush() }
            chunk.append(contentsOf: bytes)
        }
        flush()
        return words
    }
}
