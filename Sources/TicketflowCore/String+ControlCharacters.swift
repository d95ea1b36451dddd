/// Control characters in text that people write and labels they choose.
extension String {
    /// Whether the text holds a NUL (U+0000). PostgreSQL cannot store one in a text column (SQLSTATE
    /// 22021) while SQLite can, so it is kept out at every entrance: refused where a client sent it (the
    /// HTTP edge, chat), dropped where it came from outside (mail, imported files), so both stores hold
    /// the same text.
    public var containsNUL: Bool { utf8.contains(0) }

    /// The text without NUL characters.
    public var removingNULs: String {
        containsNUL ? String(String.UnicodeScalarView(unicodeScalars.filter { $0 != "\0" })) : self
    }

    /// Whether the text holds a control character (NUL, a line break, a bell…): never part of a label
    /// such as a tag, which the console shows as link text and filters by.
    public var containsControlCharacters: Bool {
        unicodeScalars.contains { $0.properties.generalCategory == .control }
    }

    /// The text with each control character but those in `kept` written as `\x1B`, `\n`, `\r` or
    /// `\t`: an error line that echoes a value (an id, a file's content, a setting) must not recolour,
    /// move the cursor in or clear the user's terminal, nor break into lines that read as other output.
    public func escapingControlCharacters(keeping kept: Set<Unicode.Scalar> = []) -> String {
        guard containsControlCharacters else { return self }
        var escaped = ""
        for scalar in unicodeScalars {
            guard scalar.properties.generalCategory == .control, !kept.contains(scalar) else {
                escaped.unicodeScalars.append(scalar)
                continue
            }
            switch scalar {
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            default:
                let hex = String(scalar.value, radix: 16, uppercase: true)
                escaped += (hex.count < 2 ? "\\x0" : "\\x") + hex
            }
        }
        return escaped
    }
}
