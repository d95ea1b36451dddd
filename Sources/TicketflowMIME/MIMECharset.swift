import Foundation

/// Turns the bytes of a text part into a String by its charset label. The common mail charsets are decoded by
/// hand (Foundation on Linux has not always had Windows-1252); others go through Foundation; an unknown label is
/// decoded as UTF-8 when the bytes are valid UTF-8, else as Windows-1252, with a note saying so.
public enum MIMECharset {
    /// What a charset label names, after aliases are resolved.
    enum Kind: Equatable {
        case utf8, ascii, windows1252, latin9
        case foundation(String.Encoding)
        case unknown
    }

    /// Decodes `bytes` labelled `label` (nil: no label); `note` says what was guessed or replaced, if anything.
    public static func decode(_ bytes: [UInt8], label: String?) -> (text: String, note: String?) {
        let name = normalized(label)
        switch kind(of: name) {
        case .utf8:
            if let text = String(validating: bytes, as: UTF8.self) { return (text, nil) }
            return (String(decoding: bytes, as: UTF8.self), "invalid UTF-8 bytes replaced with U+FFFD")
        case .ascii:
            if bytes.allSatisfy({ $0 < 0x80 }) { return (String(decoding: bytes, as: UTF8.self), nil) }
            if let text = String(validating: bytes, as: UTF8.self) {
                return (text, name.isEmpty ? nil : "8-bit bytes in a \(name) part, decoded as UTF-8")
            }
            let what = name.isEmpty ? "a part without charset" : "a \(name) part"
            return (windows1252(bytes), "8-bit bytes in \(what), decoded as Windows-1252")
        case .windows1252:
            return (windows1252(bytes), nil)
        case .latin9:
            return (latin9(bytes), nil)
        case .foundation(let encoding):
            if let text = String(data: Data(bytes), encoding: encoding) { return (text, nil) }
            return (String(decoding: bytes, as: UTF8.self), "bytes not valid in charset \(name), decoded as UTF-8")
        case .unknown:
            if let text = String(validating: bytes, as: UTF8.self) {
                return (text, "unknown charset '\(name)', decoded as UTF-8")
            }
            return (windows1252(bytes), "unknown charset '\(name)', decoded as Windows-1252")
        }
    }

    /// Whether this module can decode `label` faithfully (unknown labels are decoded by guessing).
    public static func isKnown(_ label: String) -> Bool {
        kind(of: normalized(label)) != .unknown
    }

    static func normalized(_ label: String?) -> String {
        guard let label else { return "" }
        return label.trimmingWhitespace(where: { "\"' \t".contains($0) }).lowercased()
    }

    static func kind(of name: String) -> Kind {
        switch name {
        case "utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8": return .utf8
        case "", "us-ascii", "ascii", "ansi_x3.4-1968", "iso646-us", "us", "iso-ir-6", "cp367": return .ascii
        // Like browsers (WHATWG Encoding), Latin-1 labels are read as Windows-1252: mail labelled ISO-8859-1
        // routinely carries Windows quotes and the euro sign in 0x80-0x9F, where real Latin-1 has only controls.
        case "iso-8859-1", "iso8859-1", "iso_8859-1", "iso_8859-1:1987", "latin1", "l1", "iso-ir-100", "cp819",
            "ibm819", "windows-1252", "cp1252", "x-cp1252", "cp-1252", "ansi":
            return .windows1252
        case "iso-8859-15", "iso8859-15", "iso_8859-15", "latin-9", "latin9", "l9", "iso-8859-15:1998": return .latin9
        default: return foundationKind(name)
        }
    }

    private static func foundationKind(_ name: String) -> Kind {
        let table: [String: String.Encoding] = [
            "iso-8859-2": .isoLatin2, "iso8859-2": .isoLatin2, "latin2": .isoLatin2,
            "windows-1250": .windowsCP1250, "cp1250": .windowsCP1250,
            "windows-1251": .windowsCP1251, "cp1251": .windowsCP1251,
            "windows-1253": .windowsCP1253, "cp1253": .windowsCP1253,
            "windows-1254": .windowsCP1254, "cp1254": .windowsCP1254,
            "shift_jis": .shiftJIS, "shift-jis": .shiftJIS, "sjis": .shiftJIS,
            "euc-jp": .japaneseEUC, "iso-2022-jp": .iso2022JP,
            "utf-16": .utf16, "utf-16le": .utf16LittleEndian, "utf-16be": .utf16BigEndian,
            "utf-32": .utf32, "utf-32le": .utf32LittleEndian, "utf-32be": .utf32BigEndian,
        ]
        if let encoding = table[name] { return .foundation(encoding) }
        return .unknown
    }

    /// Windows-1252: Latin-1 with printable characters in 0x80-0x9F (the five unassigned bytes map to the C1
    /// controls of the same value, as browsers do).
    static func windows1252(_ bytes: [UInt8]) -> String {
        singleByte(bytes) { byte in byte <= 0x9F ? cp1252High[Int(byte - 0x80)] : UInt32(byte) }
    }

    /// ISO-8859-15: Latin-1 with eight positions replaced (the euro sign among them).
    static func latin9(_ bytes: [UInt8]) -> String {
        singleByte(bytes) { byte in
            switch byte {
            case 0xA4: 0x20AC
            case 0xA6: 0x0160
            case 0xA8: 0x0161
            case 0xB4: 0x017D
            case 0xB8: 0x017E
            case 0xBC: 0x0152
            case 0xBD: 0x0153
            case 0xBE: 0x0178
            default: UInt32(byte)
            }
        }
    }

    /// Decodes an ASCII-compatible single-byte charset, `high` giving the code point of each byte over 0x7F.
    /// Builds UTF-8 bytes rather than appending scalars, which is several times faster.
    private static func singleByte(_ bytes: [UInt8], high: (UInt8) -> UInt32) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 4)
        for byte in bytes {
            if byte < 0x80 {
                out.append(byte)
            } else if let scalar = Unicode.Scalar(high(byte)) {
                UTF8.encode(scalar) { out.append($0) }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static let cp1252High: [UInt32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]
}
