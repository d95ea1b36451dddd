// A hand-written, tolerant HTML-to-text converter. Help-center exports are
// often sloppy HTML (unclosed <p>/<li>, stray '<'), and the only thing
// retrieval needs is readable text with headings and list items kept, so a
// single forgiving pass is used instead of a full HTML5 parser (none is on the
// approved package list).

/// Converts HTML into the normalised article text: `#` headings for h1–h6,
/// `- ` / `1. ` list items, paragraphs separated by blank lines.
public struct HTMLTextExtractor: Sendable {
    /// The result: the document's title (from <title> or the first <h1>) and its text.
    public struct Result: Sendable, Equatable {
        /// From <title>, else the first <h1>.
        public var title: String?
        /// Normalised text with headings and list items kept.
        public var text: String
    }

    /// Creates an extractor.
    public init() {}

    static let droppedElements: Set<String> = ["script", "style", "noscript", "template", "svg", "iframe", "nav"]
    static let blockElements: Set<String> = [
        "p", "div", "section", "article", "header", "footer", "main", "aside", "table", "tr", "blockquote",
        "pre", "ul", "ol", "dl", "dt", "dd", "figure", "figcaption", "form", "hr", "br", "body", "html",
    ]

    /// Extracts the text of an HTML document or fragment.
    public func extract(_ html: String) -> Result {
        var writer = TextWriter()
        var title: String?
        var firstHeading: String?
        var listStack: [(ordered: Bool, counter: Int)] = []
        var heading: (level: Int, text: String)?
        var inTitle = false
        var titleText = ""
        let scalars = Array(html.unicodeScalars)
        var index = 0
        var textRun = ""

        func emitText() {
            guard !textRun.isEmpty else { return }
            let decoded = HTMLEntities.decode(textRun)
            textRun = ""
            if inTitle { titleText += decoded; return }
            if heading != nil { heading!.text += decoded; return }
            writer.appendInline(decoded)
        }

        while index < scalars.count {
            let scalar = scalars[index]
            guard scalar == "<" else {
                textRun.unicodeScalars.append(scalar)
                index += 1
                continue
            }
            // Comments and doctype.
            if Self.matches(scalars, at: index, "<!--") {
                emitText()
                index = Self.find(scalars, "-->", from: index + 4).map { $0 + 3 } ?? scalars.count
                continue
            }
            guard let tag = Self.readTag(scalars, at: index) else {
                textRun.unicodeScalars.append(scalar)  // a stray '<' is text
                index += 1
                continue
            }
            emitText()
            index = tag.end
            let name = tag.name
            if Self.droppedElements.contains(name), !tag.isClosing, !tag.selfClosing {
                index =
                    Self.find(scalars, "</" + name, from: index, caseInsensitive: true)
                    .flatMap { start in Self.find(scalars, ">", from: start).map { $0 + 1 } } ?? scalars.count
                continue
            }
            switch name {
            case "title":
                inTitle = !tag.isClosing
                if tag.isClosing { title = Self.collapse(titleText) }
            case "h1", "h2", "h3", "h4", "h5", "h6":
                let level = Int(String(name.dropFirst())) ?? 1
                if tag.isClosing || heading != nil {
                    if let open = heading {
                        let text = Self.collapse(open.text)
                        if !text.isEmpty {
                            writer.appendBlock(String(repeating: "#", count: open.level) + " " + text)
                            if open.level == 1, firstHeading == nil { firstHeading = text }
                        }
                    }
                    heading = nil
                }
                if !tag.isClosing { heading = (level, "") }
            case "ul", "ol":
                if tag.isClosing {
                    if !listStack.isEmpty { listStack.removeLast() }
                } else {
                    listStack.append((name == "ol", 0))
                }
                // A nested list continues its parent's run; only the outermost one is a block.
                if listStack.count > (tag.isClosing ? 0 : 1) { writer.breakLine() } else { writer.breakBlock() }
            case "li":
                guard !tag.isClosing else { writer.breakLine(); continue }
                writer.breakLine()
                let depth = max(0, listStack.count - 1)
                let indent = String(repeating: "  ", count: depth)
                if var top = listStack.popLast() {
                    top.counter += 1
                    listStack.append(top)
                    writer.startListItem(indent + (top.ordered ? "\(top.counter). " : "- "))
                } else {
                    writer.startListItem("- ")
                }
            case "br":
                writer.breakLine()
            case "td", "th":
                writer.appendInline(" ")
            default:
                if Self.blockElements.contains(name) { writer.breakBlock() }
            }
        }
        emitText()
        if let open = heading {
            let text = Self.collapse(open.text)
            if !text.isEmpty { writer.appendBlock(String(repeating: "#", count: open.level) + " " + text) }
        }
        let resolvedTitle = (title?.isEmpty == false ? title : nil) ?? firstHeading
        return Result(title: resolvedTitle, text: writer.finish())
    }

    static func collapse(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    struct Tag {
        var name: String
        var isClosing: Bool
        var selfClosing: Bool
        var end: Int
    }

    /// Reads `<name ...>` at `start`; nil when what follows '<' is not a tag.
    static func readTag(_ s: [Unicode.Scalar], at start: Int) -> Tag? {
        var index = start + 1
        var closing = false
        if index < s.count, s[index] == "/" { closing = true; index += 1 }
        if index < s.count, s[index] == "!" || s[index] == "?" {
            // <!DOCTYPE ...>, <?xml ...?>
            guard let end = find(s, ">", from: index) else { return nil }
            return Tag(name: "!", isClosing: false, selfClosing: true, end: end + 1)
        }
        var name = ""
        while index < s.count, s[index].properties.isAlphabetic || ("0"..."9").contains(s[index]) {
            name.unicodeScalars.append(s[index])
            index += 1
        }
        guard !name.isEmpty else { return nil }
        // Skip attributes, honouring quotes so '>' inside a value does not end the tag.
        var quote: Unicode.Scalar?
        while index < s.count {
            let c = s[index]
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == ">" {
                let selfClosing = index > start && s[index - 1] == "/"
                return Tag(name: name.lowercased(), isClosing: closing, selfClosing: selfClosing, end: index + 1)
            }
            index += 1
        }
        return Tag(name: name.lowercased(), isClosing: closing, selfClosing: false, end: s.count)
    }

    static func matches(_ s: [Unicode.Scalar], at index: Int, _ pattern: String, caseInsensitive: Bool = false) -> Bool
    {
        let p = Array(pattern.unicodeScalars)
        guard index + p.count <= s.count else { return false }
        for offset in 0..<p.count {
            let a = s[index + offset], b = p[offset]
            if a == b { continue }
            if caseInsensitive, a.properties.lowercaseMapping == b.properties.lowercaseMapping { continue }
            return false
        }
        return true
    }

    static func find(_ s: [Unicode.Scalar], _ pattern: String, from start: Int, caseInsensitive: Bool = false) -> Int? {
        var index = start
        while index < s.count {
            if matches(s, at: index, pattern, caseInsensitive: caseInsensitive) { return index }
            index += 1
        }
        return nil
    }
}

/// Builds the output text: collapses whitespace, separates blocks by one blank line.
private struct TextWriter {
    private var lines: [String] = []
    private var current = ""
    private var pendingBlank = false
    /// Indentation of a nested list item, kept outside `current` so trimming does not eat it.
    private var indent = ""

    mutating func appendInline(_ text: String) {
        for character in text {
            if character.isWhitespace {
                if !current.isEmpty, current.last != " " { current.append(" ") }
            } else {
                current.append(character)
            }
        }
    }

    mutating func breakLine() {
        let text = current.trimmingSpaces()
        current = ""
        defer { indent = "" }
        guard !text.isEmpty else { return }
        let line = indent + text
        if pendingBlank, !lines.isEmpty, lines.last != "" { lines.append("") }
        pendingBlank = false
        lines.append(line)
    }

    mutating func breakBlock() {
        breakLine()
        pendingBlank = true
    }

    mutating func startListItem(_ marker: String) {
        indent = String(marker.prefix(while: { $0 == " " }))
        current = String(marker.drop(while: { $0 == " " }))
    }

    mutating func appendBlock(_ line: String) {
        breakBlock()
        current = line
        breakBlock()
    }

    mutating func finish() -> String {
        breakLine()
        return lines.joined(separator: "\n")
    }
}
