import Foundation

/// Builds `HTMLText`'s output line by line: collapses whitespace, merges block breaks, prefixes quoted lines.
struct HTMLTextWriter {
    private var out = String.UnicodeScalarView()
    private var atLineStart = true
    private var newlinesAtEnd = 0
    private var pendingSpace = false
    /// How many blockquotes are open; lines inside get one ">" per level.
    var quoteDepth = 0

    /// The output length so far, in scalars (to find a link's text later).
    var length: Int { out.count }

    /// The text written since `start` (a former `length`), trimmed.
    func text(since start: Int) -> String {
        let from = out.index(out.startIndex, offsetBy: min(start, out.count))
        return String(String.UnicodeScalarView(out[from...])).trimmingWhitespace()
    }

    /// Writes a text run: collapsing whitespace, or keeping it in preformatted text.
    mutating func text(_ text: String, preformatted: Bool) {
        for scalar in text.unicodeScalars {
            if scalar == "\u{AD}" || scalar == "\u{200B}" || scalar == "\u{FEFF}" || scalar == "\u{200C}" { continue }
            if preformatted {
                if scalar == "\n" { newline() } else if scalar != "\r" { write(scalar, keepSpaces: true) }
            } else if scalar.properties.isWhitespace {
                if !atLineStart { pendingSpace = true }
            } else {
                write(scalar, keepSpaces: false)
            }
        }
    }

    /// Appends literal text after the current text (a link's url).
    mutating func append(_ text: String) {
        for scalar in text.unicodeScalars { write(scalar, keepSpaces: true) }
    }

    /// A list item's marker ("-" or "3."), followed by one space before the item's text.
    mutating func marker(_ marker: String) {
        append(marker)
        pendingSpace = true
    }

    /// A word break between table cells.
    mutating func space() {
        if !atLineStart { pendingSpace = true }
    }

    /// A forced line break (`<br>`).
    mutating func newline() {
        if atLineStart && quoteDepth > 0 {
            out.append(contentsOf: String(repeating: ">", count: quoteDepth).unicodeScalars)
        }
        out.append("\n")
        newlinesAtEnd += 1
        atLineStart = true
        pendingSpace = false
    }

    /// A block boundary: at least `count` line ends before the next text (2 makes a blank line).
    mutating func ensureNewlines(_ count: Int) {
        pendingSpace = false
        guard !out.isEmpty else { return }
        while newlinesAtEnd < count { newline() }
    }

    private mutating func write(_ scalar: Unicode.Scalar, keepSpaces: Bool) {
        if atLineStart {
            if quoteDepth > 0 {
                out.append(contentsOf: (String(repeating: ">", count: quoteDepth) + " ").unicodeScalars)
            }
            atLineStart = false
        } else if pendingSpace {
            out.append(" ")
        }
        pendingSpace = false
        out.append(scalar == "\u{A0}" && !keepSpaces ? " " : scalar)
        newlinesAtEnd = 0
    }

    /// The text: trailing spaces cut, at most one blank line in a row, no blank lines at either end.
    func finish() -> String {
        var lines: [String] = []
        var blank = 0
        for line in String(out).split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingTrailingWhitespace()
            let isBlank = trimmed.allSatisfy { $0 == ">" || $0.isWhitespace }
            blank = isBlank ? blank + 1 : 0
            if isBlank && (blank > 1 || lines.isEmpty) { continue }
            lines.append(isBlank ? String(trimmed.filter { $0 == ">" }) : trimmed)
        }
        while let last = lines.last, last.allSatisfy({ $0 == ">" }) { lines.removeLast() }
        return lines.joined(separator: "\n")
    }
}
