import Foundation

extension StringProtocol {
    /// Whether an index term holds an ASCII digit (an order number, amount or
    /// id). Checked on bytes: `Character.isNumber` looks up Unicode
    /// properties and showed up as the top cost of a query in a profile.
    var hasASCIIDigit: Bool {
        utf8.contains { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    /// The text without leading and trailing whitespace.
    func trimmingSpaces() -> String {
        var text = Substring(self)
        while text.first?.isWhitespace == true { text.removeFirst() }
        while text.last?.isWhitespace == true { text.removeLast() }
        return String(text)
    }

    func trimmingTrailingSpaces() -> String {
        var text = Substring(self)
        while text.last?.isWhitespace == true { text.removeLast() }
        return String(text)
    }

    func trimming(charactersIn set: String) -> String {
        var text = Substring(self)
        while let first = text.first, set.contains(first) { text.removeFirst() }
        while let last = text.last, set.contains(last) { text.removeLast() }
        return String(text)
    }

    func replacingLineEndings() -> String {
        String(self).replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }

    /// Trims the text and reduces runs of blank lines to one.
    func collapsingBlankLines() -> String {
        var out: [Substring] = []
        for line in String(self).split(separator: "\n", omittingEmptySubsequences: false) {
            let blank = line.allSatisfy(\.isWhitespace)
            if blank, out.last?.isEmpty ?? true { continue }
            out.append(blank ? "" : line)
        }
        while out.last?.isEmpty == true { out.removeLast() }
        return out.joined(separator: "\n")
    }
}
