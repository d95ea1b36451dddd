import Foundation
import TicketflowText

/// Articles as agents read them: headings, lists and paragraphs, the structure the importer keeps in an
/// article's normalised body (`#` headings, `-` and `1.` items; emphasis, links and HTML are already text).
/// Written by hand because no Markdown library is among this project's packages. Every line is escaped, so
/// no text becomes markup.
enum MarkdownPreview {
    static func html(_ markdown: String) -> String {
        var out: [String] = []
        var paragraph: [String] = []
        var list: String?
        func flushParagraph() {
            if !paragraph.isEmpty { out.append("<p>" + paragraph.joined(separator: " ") + "</p>") }
            paragraph = []
        }
        func closeList() {
            if let tag = list { out.append("</\(tag)>") }
            list = nil
        }
        for raw in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty {
                flushParagraph()
                closeList()
            } else if let (level, text) = heading(line) {
                flushParagraph()
                closeList()
                out.append("<h\(level)>\(inline(text))</h\(level)>")
            } else if let (tag, text) = item(line) {
                flushParagraph()
                if list != tag {
                    closeList()
                    out.append("<\(tag)>")
                    list = tag
                }
                out.append("<li>\(inline(text))</li>")
            } else {
                closeList()
                paragraph.append(inline(line))
            }
        }
        flushParagraph()
        closeList()
        return out.joined(separator: "\n")
    }

    /// `# Title` to `###### Title`, shown one level down (h2–h6): the page's h1 is the article title.
    static func heading(_ line: String) -> (Int, String)? {
        let hashes = line.prefix { $0 == "#" }.count
        guard (1...6).contains(hashes), line.dropFirst(hashes).first == " " else { return nil }
        return (min(6, hashes + 1), String(line.dropFirst(hashes + 1)))
    }

    /// `- item`, `* item` (ul) or `1. item` (ol).
    static func item(_ line: String) -> (String, String)? {
        if line.hasPrefix("- ") || line.hasPrefix("* ") { return ("ul", String(line.dropFirst(2))) }
        let digits = line.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, line.dropFirst(digits.count).hasPrefix(". ") {
            return ("ol", String(line.dropFirst(digits.count + 2)))
        }
        return nil
    }

    static func inline(_ text: String) -> String { HTMLEscaping.escape(text) }
}
