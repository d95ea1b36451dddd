import Foundation

/// The "[Source: …]" markers an answer body is stored with: each names the
/// article that vouches for the sentences before it, by article id. Titles
/// repeat (several StackFAQ answers share one thread title), so a title cannot
/// say which article a sentence came from; an id can. Answers stored before
/// ids (and LLM answers that ignore the prompt) carry a title instead, which
/// readers still resolve. The markers are internal: whatever reaches a customer
/// is rendered without them (`removing(from:)`, citations as links).
public enum SourceMarker {
    /// The marker citing `articleID`; "]" and "%" are percent-encoded so any id fits.
    public static func marker(articleID: String) -> String {
        "[Source: " + encode(articleID) + "]"
    }

    /// What a marker's text (between "[Source:" and "]") names: an article id, or a title in older answers.
    public static func reference(_ markerText: String) -> String {
        decode(markerText.trimmingCharacters(in: .whitespaces))
    }

    /// `text` without its markers, each line's trailing blanks dropped; citations are shown as links instead.
    public static func removing(from text: String) -> String {
        let removed = text.replacing(/[ \t]*\[(?i:source):[^\]\n]*\]/, with: "")
        return removed.split(separator: "\n", omittingEmptySubsequences: false)
            .map { line in String(line.reversed().drop { $0 == " " || $0 == "\t" }.reversed()) }
            .joined(separator: "\n")
    }

    static func encode(_ id: String) -> String {
        var out = ""
        for char in id {
            switch char {
            case "%": out += "%25"
            case "]": out += "%5D"
            case "\n": out += "%0A"
            default: out.append(char)
            }
        }
        return out
    }

    static func decode(_ text: String) -> String {
        guard text.contains("%") else { return text }
        let escapes: [Substring: Character] = ["%25": "%", "%5D": "]", "%0A": "\n"]
        var out = ""
        var rest = Substring(text)
        while let char = rest.first {
            if char == "%", let decoded = escapes[rest.prefix(3)] {
                out.append(decoded)
                rest = rest.dropFirst(3)
            } else {
                out.append(char)
                rest = rest.dropFirst()
            }
        }
        return out
    }
}
