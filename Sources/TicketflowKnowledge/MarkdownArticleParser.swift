import Foundation

/// Reads a Markdown help-center page: optional front matter (`title`,
/// `category`, `tags`, `language`, `id`), headings kept, inline markup that
/// only gets in the way of search and quoting (links, images, emphasis) removed.
public struct MarkdownArticleParser: Sendable {
    /// What the file declared about itself, plus its normalised text.
    public struct Document: Sendable, Equatable {
        /// Front-matter keys (lowercased) and values.
        public var metadata: [String: String]
        /// Front-matter title, else the first level-1 heading.
        public var title: String?
        /// Normalised text without front matter and inline markup.
        public var body: String
    }

    /// Creates a parser.
    public init() {}

    /// Splits front matter from the body and normalises the body.
    public func parse(_ markdown: String) -> Document {
        var lines = Self.removingComments(markdown.replacingLineEndings()).components(separatedBy: "\n")
        var metadata: [String: String] = [:]
        if lines.first?.trimmingSpaces() == "---",
            let end = lines.dropFirst().firstIndex(where: { $0.trimmingSpaces() == "---" })
        {
            for line in lines[1..<end] {
                guard let colon = line.firstIndex(of: ":") else { continue }
                let key = line[..<colon].trimmingSpaces().lowercased()
                var value = line[line.index(after: colon)...].trimmingSpaces()
                if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                    value = String(value.dropFirst().dropLast())
                }
                if !key.isEmpty { metadata[key] = value }
            }
            lines.removeSubrange(0...end)
        }
        var title = metadata["title"]
        var output: [String] = []
        var inFence = false
        for (index, raw) in lines.enumerated() {
            let line = raw.trimmingTrailingSpaces()
            if line.trimmingSpaces().hasPrefix("```") || line.trimmingSpaces().hasPrefix("~~~") {
                inFence.toggle()
                continue
            }
            if inFence { output.append(line); continue }
            // Setext headings: a line of === or --- under text.
            if index > 0, !output.isEmpty, let last = output.last, !last.isEmpty, !last.hasPrefix("#"),
                line.count >= 3, line.allSatisfy({ $0 == "=" }) || line.allSatisfy({ $0 == "-" })
            {
                output[output.count - 1] = (line.first == "=" ? "# " : "## ") + last
                if line.first == "=", title == nil { title = last }
                continue
            }
            var cleaned = Self.stripInline(line)
            if let level = Self.headingLevel(cleaned) {
                let text = cleaned.dropFirst(level).trimmingSpaces().trimming(charactersIn: "#").trimmingSpaces()
                cleaned = String(repeating: "#", count: level) + " " + text
                if level == 1, title == nil { title = text }
            }
            output.append(cleaned)
        }
        let body = output.joined(separator: "\n").collapsingBlankLines()
        return Document(metadata: metadata, title: title, body: body)
    }

    /// Drops `<!-- ... -->` (editor notes, TODOs), which must never be quoted to customers.
    static func removingComments(_ text: String) -> String {
        guard text.contains("<!--") else { return text }
        var output = ""
        var rest = Substring(text)
        while let open = rest.range(of: "<!--") {
            output += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "-->") else { return output }
            rest = rest[close.upperBound...]
        }
        return output + rest
    }

    static func headingLevel(_ line: String) -> Int? {
        let hashes = line.prefix(while: { $0 == "#" }).count
        guard (1...6).contains(hashes) else { return nil }
        let rest = line.dropFirst(hashes)
        return rest.isEmpty || rest.first == " " ? hashes : nil
    }

    /// Removes images `![alt](url)` → alt, links `[text](url)` → text, `**`, `__`, backticks, HTML tags.
    static func stripInline(_ line: String) -> String {
        guard line.contains(where: { "[*_`<!".contains($0) }) else { return line }
        var result = ""
        var chars = Array(line)
        var index = 0
        while index < chars.count {
            let c = chars[index]
            if c == "!", index + 1 < chars.count, chars[index + 1] == "[" {
                index += 1
                continue
            }
            if c == "[", let close = chars[index...].firstIndex(of: "]"), close + 1 < chars.count,
                chars[close + 1] == "(",
                let paren = chars[(close + 1)...].firstIndex(of: ")")
            {
                result += String(chars[(index + 1)..<close])
                index = paren + 1
                continue
            }
            if c == "<", let close = chars[index...].firstIndex(of: ">"), close > index + 1,
                chars[index + 1].isLetter || chars[index + 1] == "/"
            {
                let inner = String(chars[(index + 1)..<close])
                // Keep autolinks <https://...>; drop tags.
                if inner.hasPrefix("http") { result += inner }
                index = close + 1
                continue
            }
            if c == "`" || ((c == "*" || c == "_") && index + 1 < chars.count && chars[index + 1] == c) {
                index += c == "`" ? 1 : 2
                continue
            }
            result.append(c)
            index += 1
        }
        chars.removeAll()
        return result
    }
}
