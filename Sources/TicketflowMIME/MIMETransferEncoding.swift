import Foundation

/// Content-Transfer-Encoding decoders and encoders (RFC 2045 section 6). Decoders are lenient: real mail has
/// stray characters, missing padding and broken soft line breaks, so they decode what they can and report the
/// rest instead of failing.
public enum MIMETransferEncoding {
    /// The result of a lenient decode: the bytes, and what was wrong with the input (nil when nothing was).
    public struct Decoded: Sendable, Equatable {
        /// The decoded bytes.
        public var bytes: [UInt8]
        /// What was skipped or repaired, for the message's notes.
        public var problem: String?

        /// Creates a result.
        public init(bytes: [UInt8], problem: String?) {
            self.bytes = bytes
            self.problem = problem
        }
    }

    /// Decodes base64, skipping line breaks silently and any other non-alphabet byte with a problem noted.
    /// Padding ends a 4-character group early, so concatenated base64 blocks decode too.
    public static func decodeBase64(_ input: ArraySlice<UInt8>) -> Decoded {
        var out: [UInt8] = []
        out.reserveCapacity(input.count * 3 / 4)
        var quantum: UInt32 = 0
        var count = 0
        var garbage = 0
        var dangling = false
        func flush() {
            switch count {
            case 2: out.append(UInt8(truncatingIfNeeded: quantum >> 4))
            case 3:
                out.append(UInt8(truncatingIfNeeded: quantum >> 10))
                out.append(UInt8(truncatingIfNeeded: quantum >> 2))
            case 1: dangling = true
            default: break
            }
            quantum = 0
            count = 0
        }
        for byte in input {
            let value = base64Value(byte)
            if value >= 0 {
                quantum = quantum << 6 | UInt32(value)
                count += 1
                if count == 4 {
                    out.append(UInt8(truncatingIfNeeded: quantum >> 16))
                    out.append(UInt8(truncatingIfNeeded: quantum >> 8))
                    out.append(UInt8(truncatingIfNeeded: quantum))
                    quantum = 0
                    count = 0
                }
            } else if byte == UInt8(ascii: "=") {
                flush()
            } else if !isWhitespace(byte) {
                garbage += 1
            }
        }
        flush()
        var problems: [String] = []
        if garbage > 0 { problems.append("skipped \(garbage) non-base64 byte(s)") }
        if dangling { problems.append("base64 ended mid-character (truncated?)") }
        return Decoded(bytes: out, problem: problems.isEmpty ? nil : problems.joined(separator: "; "))
    }

    /// The decoded size of base64 input, counted without decoding (for size limits on large attachments).
    public static func base64DecodedSize(_ input: ArraySlice<UInt8>) -> Int {
        var characters = 0
        for byte in input where base64Value(byte) >= 0 { characters += 1 }
        return characters * 3 / 4
    }

    /// Decodes quoted-printable: `=XX` escapes, `=` soft line breaks, trailing whitespace on lines dropped.
    /// A bare `=` not followed by two hex digits is kept literally, with a problem noted.
    public static func decodeQuotedPrintable(_ input: ArraySlice<UInt8>) -> Decoded {
        var out: [UInt8] = []
        out.reserveCapacity(input.count)
        var bad = 0
        var index = input.startIndex
        let end = input.endIndex
        while index < end {
            let byte = input[index]
            if byte == UInt8(ascii: "=") {
                if let high = hexValue(input[safe: index + 1]), let low = hexValue(input[safe: index + 2]) {
                    out.append(high << 4 | low)
                    index += 3
                    continue
                }
                // A soft line break: "=" then optional whitespace then CRLF or LF (or the end of the part).
                var probe = index + 1
                while probe < end, input[probe] == 0x20 || input[probe] == 0x09 { probe += 1 }
                if probe == end { index = end; continue }
                if input[probe] == 0x0A { index = probe + 1; continue }
                if input[probe] == 0x0D {
                    index = probe + 1
                    if index < end, input[index] == 0x0A { index += 1 }
                    continue
                }
                bad += 1
                out.append(byte)
                index += 1
            } else if byte == 0x20 || byte == 0x09 {
                // Trailing whitespace before a line break was added in transport: drop it.
                var probe = index
                while probe < end, input[probe] == 0x20 || input[probe] == 0x09 { probe += 1 }
                if probe == end || input[probe] == 0x0D || input[probe] == 0x0A {
                    index = probe
                } else {
                    out.append(contentsOf: input[index..<probe])
                    index = probe
                }
            } else {
                out.append(byte)
                index += 1
            }
        }
        return Decoded(bytes: out, problem: bad > 0 ? "\(bad) stray '=' in quoted-printable kept as is" : nil)
    }

    /// Encodes text as quoted-printable UTF-8 with CRLF line breaks and lines of at most 76 characters.
    public static func encodeQuotedPrintable(_ text: String) -> String {
        var lines: [String] = []
        let normalized = text.normalizingNewlines()
        for line in normalized.split(separator: "\n", omittingEmptySubsequences: false) {
            lines.append(contentsOf: encodeQuotedPrintableLine(Array(line.utf8)))
        }
        return lines.joined(separator: "\r\n")
    }

    /// One input line as one or more output lines, the ones before the last ending in a soft break.
    private static func encodeQuotedPrintableLine(_ bytes: [UInt8]) -> [String] {
        var output: [String] = []
        var current = ""
        let hex = Array("0123456789ABCDEF".utf8)
        for (offset, byte) in bytes.enumerated() {
            let isLast = offset == bytes.count - 1
            var token: String
            let literal =
                (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "="))
                || ((byte == 0x20 || byte == 0x09) && !isLast)
            // "From " at a line start is mangled by some mbox tools, and a leading "." by careless SMTP code.
            let risky =
                current.isEmpty
                && (byte == UInt8(ascii: ".") || (byte == UInt8(ascii: "F") && startsWithFrom(bytes, at: offset)))
            if literal && !risky {
                token = String(UnicodeScalar(byte))
            } else {
                token = "=" + String(UnicodeScalar(hex[Int(byte >> 4)])) + String(UnicodeScalar(hex[Int(byte & 0xF)]))
            }
            // Keep room for the "=" of a soft break: at most 75 characters before it.
            let limit = isLast ? 76 : 75
            if current.utf8.count + token.utf8.count > limit {
                output.append(current + "=")
                current = ""
                if token == "." || (token == "F" && startsWithFrom(bytes, at: offset)) {
                    token = token == "." ? "=2E" : "=46"
                }
            }
            current += token
        }
        output.append(current)
        return output
    }

    private static func startsWithFrom(_ bytes: [UInt8], at offset: Int) -> Bool {
        bytes.count >= offset + 5 && bytes[offset..<offset + 5].elementsEqual("From ".utf8)
    }

    static func base64Value(_ byte: UInt8) -> Int {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return Int(byte) - 65
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return Int(byte) - 97 + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(byte) - 48 + 52
        case UInt8(ascii: "+"), UInt8(ascii: "-"): return 62
        case UInt8(ascii: "/"), UInt8(ascii: "_"): return 63
        default: return -1
        }
    }

    static func hexValue(_ byte: UInt8?) -> UInt8? {
        guard let byte else { return nil }
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - 48
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - 55
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - 87
        default: return nil
        }
    }

    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A
    }
}

extension ArraySlice where Element == UInt8 {
    subscript(safe index: Int) -> UInt8? {
        index >= startIndex && index < endIndex ? self[index] : nil
    }
}
