import Foundation

/// The messages of a gettext `.po` catalog: each `msgid` with its translation (`msgstr`, or the first plural
/// form). Read for the language identifier's training and evaluation sets: software translations are public,
/// freely licensed text in many languages. Written by hand because no kept library reads `.po` files; only
/// the parts those sets need (no contexts, no flags).
public struct GettextCatalog: Sendable {
    public struct Entry: Sendable, Equatable {
        public var source: String
        public var translation: String
    }

    public var entries: [Entry]

    /// Parses catalog text; the header entry (empty `msgid`) and untranslated entries are left out.
    public init(text: String) {
        var entries: [Entry] = []
        var source = ""
        var translation = ""
        var field: String?
        func flush() {
            if !source.isEmpty, !translation.isEmpty { entries.append(Entry(source: source, translation: translation)) }
            (source, translation, field) = ("", "", nil)
        }
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("msgid ") {
                flush()
                field = "id"
                source = Self.quoted(line.dropFirst(6))
            } else if line.hasPrefix("msgid_plural ") {
                field = nil
            } else if line.hasPrefix("msgstr ") || line.hasPrefix("msgstr[0] ") {
                field = "str"
                translation = Self.quoted(line.drop { $0 != " " }.dropFirst())
            } else if line.hasPrefix("msgstr[") {
                field = nil
            } else if line.hasPrefix("\"") {
                if field == "id" { source += Self.quoted(Substring(line)) }
                if field == "str" { translation += Self.quoted(Substring(line)) }
            } else if line.isEmpty {
                flush()
            }
        }
        flush()
        self.entries = entries
    }

    /// The text of a `"…"` literal, with `\"`, `\\`, `\n` and `\t` unescaped.
    static func quoted(_ literal: Substring) -> String {
        var body = literal.trimmingCharacters(in: .whitespaces)
        guard body.hasPrefix("\""), body.hasSuffix("\""), body.count >= 2 else { return "" }
        body = String(body.dropFirst().dropLast())
        var out = ""
        var escaped = false
        for character in body {
            if escaped {
                switch character {
                case "n": out.append("\n")
                case "t": out.append("\t")
                default: out.append(character)
                }
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                out.append(character)
            }
        }
        return out
    }

    /// Message text without what is not language: format placeholders (`%(name)s`, `%s`, `{0}`), markup
    /// and entities, and keyboard accelerators (`&File`).
    public static func plainText(_ message: String) -> String {
        message
            .replacingOccurrences(
                of: #"%\([^)]*\)[a-zA-Z]|%[a-zA-Z]|\{[^}]*\}|<[^>]*>|&[a-zA-Z]+;"#, with: " ",
                options: .regularExpression
            )
            .replacingOccurrences(of: "&", with: "")
    }
}
