import Foundation

/// One tag read by `HTMLText`'s scanner.
enum HTMLTag {
    case start(name: String, attributes: [String: String], selfClosing: Bool)
    case end(name: String)
    /// A comment, doctype or processing instruction.
    case other

    /// Reads the tag at `start` (a "<"); nil when it is a literal "<" (as in "a < b").
    static func read(_ s: [Unicode.Scalar], at start: Int) -> (HTMLTag, Int)? {
        var index = start + 1
        guard index < s.count else { return nil }
        if s[index] == "!" || s[index] == "?" {
            if matches(s, at: index, "!--") {
                let end = find(s, "-->", from: index + 3)
                return (.other, end.map { $0 + 3 } ?? s.count)
            }
            let end = find(s, ">", from: index)
            return (.other, end.map { $0 + 1 } ?? s.count)
        }
        let isEnd = s[index] == "/"
        if isEnd { index += 1 }
        guard index < s.count, s[index].properties.isAlphabetic else { return nil }
        var name = ""
        while index < s.count, !isSpace(s[index]), s[index] != ">", s[index] != "/" {
            name.unicodeScalars.append(s[index])
            index += 1
        }
        name = name.lowercased()
        // Namespaced tags (Word's <o:p>) stay unknown and are ignored, never mistaken for <p>.
        var attributes: [String: String] = [:]
        var selfClosing = false
        while index < s.count, s[index] != ">" {
            if isSpace(s[index]) || s[index] == "/" {
                selfClosing = s[index] == "/"
                index += 1
                continue
            }
            var key = ""
            while index < s.count, !isSpace(s[index]), s[index] != "=", s[index] != ">", s[index] != "/" {
                key.unicodeScalars.append(s[index])
                index += 1
            }
            while index < s.count, isSpace(s[index]) { index += 1 }
            var value = ""
            if index < s.count, s[index] == "=" {
                index += 1
                while index < s.count, isSpace(s[index]) { index += 1 }
                if index < s.count, s[index] == "\"" || s[index] == "'" {
                    let quote = s[index]
                    index += 1
                    while index < s.count, s[index] != quote {
                        value.unicodeScalars.append(s[index])
                        index += 1
                    }
                    index += 1
                } else {
                    while index < s.count, !isSpace(s[index]), s[index] != ">" {
                        value.unicodeScalars.append(s[index])
                        index += 1
                    }
                }
            }
            if !key.isEmpty { attributes[key.lowercased()] = HTMLEntities.decode(value) }
            selfClosing = false
        }
        let next = min(index + 1, s.count)
        return (isEnd ? .end(name: name) : .start(name: name, attributes: attributes, selfClosing: selfClosing), next)
    }

    /// The index just past `</name ...>` at or after `from`, case-insensitively; nil when there is none.
    static func findEnd(of name: String, in s: [Unicode.Scalar], from: Int) -> Int? {
        var index = from
        let pattern = "</" + name
        while let found = find(s, "<", from: index) {
            if matches(s, at: found, pattern, caseInsensitive: true) {
                return find(s, ">", from: found).map { $0 + 1 } ?? s.count
            }
            index = found + 1
        }
        return nil
    }

    private static func find(_ s: [Unicode.Scalar], _ needle: String, from: Int) -> Int? {
        var index = from
        while index < s.count {
            if matches(s, at: index, needle) { return index }
            index += 1
        }
        return nil
    }

    private static func matches(
        _ s: [Unicode.Scalar], at index: Int, _ needle: String, caseInsensitive: Bool = false
    )
        -> Bool
    {
        var position = index
        for scalar in needle.unicodeScalars {
            guard position < s.count else { return false }
            let candidate =
                caseInsensitive ? Unicode.Scalar(String(s[position]).lowercased()) ?? s[position] : s[position]
            if candidate != scalar { return false }
            position += 1
        }
        return true
    }

    private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\n" || scalar == "\t" || scalar == "\r" || scalar == "\u{0C}"
    }
}
