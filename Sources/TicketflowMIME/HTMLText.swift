import Foundation

/// Converts mail HTML to the plain text a person would read: head, script and style dropped, blocks and `<br>`
/// as line breaks, list items as "- " (numbered in `<ol>`), links as "text (url)" when the url is not already
/// the text, blockquotes as "> " lines (so reply stripping sees them as quotes), entities decoded and
/// whitespace collapsed. A small tolerant scanner, not a full HTML5 parser: mail HTML is tag soup.
public enum HTMLText {
    private static let skipped: Set<String> = ["script", "style", "head", "title", "template", "noscript"]
    private static let paragraphs: Set<String> = ["p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "dl", "figure"]
    private static let blocks: Set<String> = [
        "div", "address", "article", "aside", "center", "dd", "details", "dialog", "dt", "fieldset", "figcaption",
        "footer", "form", "header", "hr", "main", "nav", "section", "summary", "table", "tr", "caption", "ul", "ol",
        "body", "html",
    ]

    /// The text of `html`.
    public static func convert(_ html: String) -> String {
        let s = Array(html.unicodeScalars)
        var writer = HTMLTextWriter()
        var lists: [(ordered: Bool, count: Int)] = []
        var links: [(href: String, start: Int)] = []
        var pre = 0
        var unclosed: Set<String> = []
        var index = 0
        while index < s.count {
            if s[index] != "<" {
                var run = String.UnicodeScalarView()
                while index < s.count, s[index] != "<" {
                    run.append(s[index])
                    index += 1
                }
                writer.text(HTMLEntities.decode(String(run)), preformatted: pre > 0)
                continue
            }
            guard let (tag, next) = HTMLTag.read(s, at: index) else {
                writer.text("<", preformatted: pre > 0)
                index += 1
                continue
            }
            index = next
            switch tag {
            case .other: continue
            case .start(let name, let attributes, _) where skipped.contains(name):
                // Skip to the matching end tag; a <head> never closed is ignored rather than eating the mail
                // (and not searched for again, which would be quadratic in a hostile message).
                if !unclosed.contains(name), let end = HTMLTag.findEnd(of: name, in: s, from: index) {
                    index = end
                } else if name != "head" {
                    index = s.count
                } else {
                    unclosed.insert(name)
                }
                _ = attributes
            case .start(let name, let attributes, let selfClosing):
                switch name {
                case "br": writer.newline()
                case "li":
                    writer.ensureNewlines(1)
                    if lists.isEmpty { lists.append((false, 0)) }
                    lists[lists.count - 1].count += 1
                    let list = lists[lists.count - 1]
                    writer.marker(list.ordered ? "\(list.count)." : "-")
                case "ul", "ol":
                    writer.ensureNewlines(lists.isEmpty ? 2 : 1)
                    if !selfClosing { lists.append((name == "ol", 0)) }
                case "blockquote":
                    writer.ensureNewlines(1)
                    writer.quoteDepth += 1
                case "pre":
                    writer.ensureNewlines(2)
                    pre += 1
                case "a":
                    links.append((attributes["href"] ?? "", writer.length))
                case "td", "th": writer.space()
                default:
                    if paragraphs.contains(name) { writer.ensureNewlines(2) }
                    if blocks.contains(name) { writer.ensureNewlines(1) }
                }
            case .end(let name):
                switch name {
                case "ul", "ol":
                    if !lists.isEmpty { lists.removeLast() }
                    writer.ensureNewlines(lists.isEmpty ? 2 : 1)
                case "blockquote":
                    writer.ensureNewlines(1)
                    writer.quoteDepth = max(0, writer.quoteDepth - 1)
                case "pre":
                    pre = max(0, pre - 1)
                    writer.ensureNewlines(2)
                case "a":
                    guard let link = links.popLast() else { break }
                    let text = writer.text(since: link.start)
                    if shouldShow(href: link.href, text: text) { writer.append(" (\(link.href))") }
                case "li": writer.ensureNewlines(1)
                default:
                    if paragraphs.contains(name) { writer.ensureNewlines(2) }
                    if blocks.contains(name) { writer.ensureNewlines(1) }
                }
            }
        }
        return writer.finish()
    }

    /// A link's url is worth showing when it is a real destination and says more than its text.
    private static func shouldShow(href: String, text: String) -> Bool {
        let lowered = href.lowercased()
        guard !href.isEmpty, !text.isEmpty, !lowered.hasPrefix("#"), !lowered.hasPrefix("javascript:"),
            !lowered.hasPrefix("cid:")
        else { return false }
        return simplified(href) != simplified(text)
    }

    private static func simplified(_ url: String) -> String {
        var value = url.trimmingWhitespace().lowercased()
        for prefix in ["mailto:", "tel:", "https://", "http://", "www."] where value.hasPrefix(prefix) {
            value.removeFirst(prefix.count)
        }
        while value.hasSuffix("/") { value.removeLast() }
        return value
    }
}
