import Foundation

/// Finds card numbers inside a run of digit groups ("4111.1111.1111.1111",
/// "ref 12 4111 1111 1111 1111"): every stretch of whole groups holding 13–19
/// digits that passes Luhn is a candidate; the longest win, earliest first on
/// ties, and overlapping candidates drop out. So two cards in one run are both
/// found, and a digit group glued to a card does not hide it. Linear in the
/// run's length (at most 19 groups per candidate), so a pasted wall of numbers
/// stays cheap.
enum PIICardFinder {
    static let digitRange = 13...19

    /// The card numbers in `run` (a match of `PIIPatterns.card`), in text order.
    static func cards(in text: String, run: Range<String.Index>) -> [Range<String.Index>] {
        let groups = digitGroups(in: text[run])
        guard groups.reduce(0, { $0 + $1.count }) >= digitRange.lowerBound else { return [] }
        var candidates: [(groups: ClosedRange<Int>, digits: Int)] = []
        for start in groups.indices {
            var digits = 0
            for end in start..<groups.count {
                digits += groups[end].count
                if digits > digitRange.upperBound { break }
                guard digits >= digitRange.lowerBound else { continue }
                let range = groups[start].range.lowerBound..<groups[end].range.upperBound
                if PIIChecksums.passesLuhn(String(text[range])), !containsDate(groups[start...end], in: text) {
                    candidates.append((start...end, digits))
                }
            }
        }
        var taken = IndexSet()
        var found: [Range<String.Index>] = []
        let longestFirst = candidates.sorted { ($0.digits, $1.groups.lowerBound) > ($1.digits, $0.groups.lowerBound) }
        for candidate in longestFirst {
            let indices = candidate.groups.lowerBound..<candidate.groups.upperBound + 1
            guard !taken.intersects(integersIn: indices) else { continue }
            taken.insert(integersIn: indices)
            found.append(groups[indices.lowerBound].range.lowerBound..<groups[indices.upperBound - 1].range.upperBound)
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
        var count = 0
        var index = run.startIndex
        while index < run.endIndex {
            if run[index].isASCII && run[index].isNumber {
                if start == nil { start = index }
                count += 1
            } else if let first = start {
                groups.append(Group(range: first..<index, count: count))
                start = nil
                count = 0
            }
            index = run.index(after: index)
        }
        if let first = start { groups.append(Group(range: first..<run.endIndex, count: count)) }
        return groups
    }

    /// Two dates in a row ("2024-01-02 - 2024-02-19") can pass Luhn; a card
    /// number is never written with a year-month-day (or day-month-year) inside it.
    static func containsDate(_ groups: ArraySlice<Group>, in text: String) -> Bool {
        guard groups.count >= 3 else { return false }
        for first in groups.startIndex...(groups.endIndex - 3) {
            let (a, b, c) = (groups[first], groups[first + 1], groups[first + 2])
            guard isDateSeparator(a, b, in: text), isDateSeparator(b, c, in: text) else { continue }
            let short = 1...2
            if isYear(a, in: text) && short.contains(b.count) && short.contains(c.count) { return true }
            if short.contains(a.count) && short.contains(b.count) && isYear(c, in: text) { return true }
        }
        return false
    }

    static func isDateSeparator(_ left: Group, _ right: Group, in text: String) -> Bool {
        let between = text[left.range.upperBound..<right.range.lowerBound]
        return between.count == 1 && ".-/".contains(between)
    }

    static func isYear(_ group: Group, in text: String) -> Bool {
        group.count == 4 && (text[group.range].hasPrefix("19") || text[group.range].hasPrefix("20"))
    }
}
