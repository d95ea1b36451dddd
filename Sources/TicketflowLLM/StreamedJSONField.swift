/// The text of one string field of a JSON object while the object is still arriving, piece by piece: what a
/// streamed `json_schema` reply says in `"answer"` before its closing brace is sent.
///
/// Written by hand because JSONSerialization and Codable read whole documents only, and no kept package
/// parses JSON incrementally. It follows only what it needs: nesting, strings and their escapes, and which
/// key of the outer object a value belongs to. The first value of `name` in the outer object is read;
/// anything malformed simply yields no text (the whole reply is parsed strictly at the end).
struct StreamedJSONField {
    let name: String

    private var depth = 0
    /// In the outer object, whether the next string is a key (else a value).
    private var expectsKey = true
    private var inString = false
    private var escaped = false
    /// Hex digits of a `\u` escape read so far; nil outside one.
    private var hex: String?
    private var highSurrogate: UInt32?
    /// The key being read, or the last one read, in the outer object.
    private var key = ""
    private var readingKey = false
    private var capturing = false
    private var done = false

    init(name: String) {
        self.name = name
    }

    /// The field's text decoded from `piece`, empty when `piece` holds none of it.
    mutating func feed(_ piece: String) -> String {
        var text = ""
        for scalar in piece.unicodeScalars where !done {
            if inString {
                readString(scalar, into: &text)
            } else {
                readStructure(scalar)
            }
        }
        return text
    }

    private mutating func readStructure(_ scalar: Unicode.Scalar) {
        switch scalar {
        case "{", "[":
            depth += 1
            if depth == 1 { expectsKey = true }
        case "}", "]":
            depth -= 1
        case ":" where depth == 1:
            expectsKey = false
        case "," where depth == 1:
            expectsKey = true
        case "\"":
            inString = true
            readingKey = depth == 1 && expectsKey
            if readingKey { key = "" }
            capturing = depth == 1 && !expectsKey && key == name
        default:
            break
        }
    }

    private mutating func readString(_ scalar: Unicode.Scalar, into text: inout String) {
        if var digits = hex {
            digits.unicodeScalars.append(scalar)
            guard digits.count == 4 else {
                hex = digits
                return
            }
            hex = nil
            emit(UInt32(digits, radix: 16), into: &text)
        } else if escaped {
            escaped = false
            switch scalar {
            case "n": append("\n", into: &text)
            case "t": append("\t", into: &text)
            case "r": append("\r", into: &text)
            case "b": append("\u{8}", into: &text)
            case "f": append("\u{C}", into: &text)
            case "u": hex = ""
            default: append(scalar, into: &text)
            }
        } else if scalar == "\\" {
            escaped = true
        } else if scalar == "\"" {
            inString = false
            if capturing { done = true }
            readingKey = false
        } else {
            append(scalar, into: &text)
        }
    }

    /// A `\u` escape's code unit, pairing UTF-16 surrogates.
    private mutating func emit(_ unit: UInt32?, into text: inout String) {
        guard let unit else { return }
        if (0xD800...0xDBFF).contains(unit) {
            highSurrogate = unit
            return
        }
        var value = unit
        if (0xDC00...0xDFFF).contains(unit), let high = highSurrogate {
            value = 0x10000 + ((high - 0xD800) << 10) + (unit - 0xDC00)
        }
        highSurrogate = nil
        if let scalar = Unicode.Scalar(value) { append(scalar, into: &text) }
    }

    private mutating func append(_ scalar: Unicode.Scalar, into text: inout String) {
        if readingKey { key.unicodeScalars.append(scalar) }
        if capturing { text.unicodeScalars.append(scalar) }
    }
}
