import Foundation

/// Finds card numbers inside a run of digit groups ("4111.1111.1111.1111",
/// "ref 12 4111 1111 1111 1111"): every stretch of whole groups holding 13–19
/// digits that passes Luhn is a candidate, the longest wins, and the groups on
/// either side are searched again, so two cards in one run are both found and
/// a digit group glued to a card does not hide it.
enum PIICardFinder {
    static let digitRange = 13...19

    /// The card numbers in `run` (a match of `PIIPatterns.card`), in text order.
    static func cards(in text: String, run: Range<String.Index>) -> [Range<String.Index>] {
        let groups = digitGroups(in: text[run])
        guard groups.reduce(0, { $0 + $1.count }) >= digitRange.lowerBound else { return [] }
        var found: [Range<String.Index>] = []
        var pending = [0..<groups.count]
        while let span = pending.popLast() {
            guard let best = longestCard(in: span, groups: groups, text: text) else { continue }
            found.append(groups[best.lowerBound].range.lowerBound..<groups[best.upperBound - 1].range.upperBound)
            pending.append(span.lowerBound..<best.lowerBound)
            pending.append(best.upperBound..<span.upperBound)
        }
        return found.sorted { $0.lowerBound < $1.lowerBound }
    }

    struct Group {
        var range: Range<String.Index>
        var count: Int
    }

    static func digitGroups(in run: Substring) -> [Group] {
        var groups: [Group] = []
        var start: String.Index?
        var index = run.startIndex
        while index < run.endIndex {
            let isDigit = run[index].isASCII && run[index].isNumber
            if isDigit, start == nil { start = index }
            if !isDigit, let first = start {
                groups.append(Group(range: first..<index, count: run.distance(from: first, to: index)))
                start = nil
            }
            index = run.index(after: index)
        }
        if let first = start { groups.append(Group(range: first..<run.endIndex, count: run.distance(from: first, to: run.endIndex))) }
        return groups
    }

    /// The longest stretch of groups in `span` that is a card number (earliest on ties).
    static func longestCard(in span: Range<Int>, groups: [Group], text: String) -> Range<Int>? {
        var best: (range: Range<Int>, digits: Int)?
        for start in span {
            var digits = 0
            for end in start..<span.upperBound {
                digits += groups[end].count
                if digits > digitRange.upperBound { break }
                guard digits >= digitRange.lowerBound, digits > (best?.digits ?? 0) else { continue }
                let candidate = text[groups[start].range.lowerBound..<groups[end].range.upperBound]
                if PIIChecksums.passesLuhn(String(candidate)), !containsDate(candidate) {
                    best = (start..<end + 1, digits)
                }
            }
        }
        return best?.range
    }

    /// Two dates in a row ("2024-05-17 - 2024-06-17") can pass Luhn; a card
    /// number is never written with a year-month-day inside it.
    static func containsDate(_ candidate: Substring) -> Bool {
        candidate.range(of: datePattern, options: .regularExpression) != nil
    }

    static let datePattern =
        #"(?<![0-9])(?:(?:19|20)[0-9]{2}[.\-/][0-9]{1,2}[.\-/][0-9]{1,2}|[0-9]{1,2}[.\-/][0-9]{1,2}[.\-/](?:19|20)[0-9]{2})(?![0-9])"#
}
