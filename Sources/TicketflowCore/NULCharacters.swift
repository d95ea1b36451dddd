/// NUL (U+0000) in text. PostgreSQL cannot store it in a text column (SQLSTATE 22021) while SQLite
/// can, so it is kept out at every entrance: refused where a client sent it (the HTTP edge, chat),
/// dropped where it came from outside (mail, imported files), so both stores hold the same text.
extension String {
    /// Whether the text holds a NUL character.
    public var containsNUL: Bool { utf8.contains(0) }

    /// The text without NUL characters.
    public var removingNULs: String {
        containsNUL ? String(String.UnicodeScalarView(unicodeScalars.filter { $0 != "\0" })) : self
    }
}
