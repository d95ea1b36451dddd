import Foundation

/// RFC 5322 dates (`Thu, 3 Dec 2026 10:02:03 +0100`): a lenient reader for what mailers write, including
/// obsolete zone names and two-digit years, and a writer for the Date header this module composes. Written by
/// hand so the result never depends on the process locale or time zone.
public enum MIMEDate {
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    private static let zones: [String: Int] = [
        "ut": 0, "utc": 0, "gmt": 0, "z": 0, "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7, "mdt": -6,
        "pst": -8, "pdt": -7,
    ]

    /// Parses a Date header; nil when no day, month, year and time can be found.
    public static func parse(_ header: String) -> Date? {
        var text = ""
        var depth = 0
        for character in header {
            if character == "(" {
                depth += 1
            } else if character == ")" {
                depth = max(0, depth - 1)
            } else if depth == 0 {
                text.append(character == "," ? " " : character)
            }
        }
        var tokens = text.split(whereSeparator: \.isWhitespace).map { $0.lowercased() }
        if let first = tokens.first, first.allSatisfy(\.isLetter), monthNumber(first) == nil { tokens.removeFirst() }
        guard tokens.count >= 4 else { return nil }
        var day: Int?
        var month: Int?
        if let number = Int(tokens[0]), let name = monthNumber(tokens[1]) {
            (day, month) = (number, name)
        } else if let name = monthNumber(tokens[0]), let number = Int(tokens[1]) {
            (day, month) = (number, name)
        }
        guard let day, let month, (1...31).contains(day), var year = Int(tokens[2]) else { return nil }
        if year < 50 { year += 2000 } else if year < 1000 { year += 1900 }
        guard year <= 9999 else { return nil }  // a hostile year would overflow the day arithmetic
        let clock = tokens[3].split(separator: ":").map { Int($0) }
        guard clock.count >= 2, let hour = clock[0], let minute = clock[1], (0..<24).contains(hour),
            (0..<60).contains(minute)
        else { return nil }
        let second = clock.count > 2 ? max(0, clock[2] ?? 0) : 0
        let offset = tokens.count > 4 ? zoneOffset(tokens[4]) : 0
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + min(second, 60) - offset
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// Formats `date` for a Date header, in UTC: `Thu, 03 Dec 2026 09:02:03 +0000`.
    public static func format(_ date: Date) -> String {
        let total = Int(date.timeIntervalSince1970.rounded(.down))
        let days = Int((Double(total) / 86_400).rounded(.down))
        let secondsOfDay = total - days * 86_400
        let (year, month, day) = civilFromDays(days)
        let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]  // 1970-01-01 was a Thursday
        let weekday = weekdays[((days % 7) + 7) % 7]
        let monthName = months[month - 1].capitalized
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let time = "\(two(secondsOfDay / 3600)):\(two(secondsOfDay % 3600 / 60)):\(two(secondsOfDay % 60))"
        return "\(weekday), \(two(day)) \(monthName) \(year) \(time) +0000"
    }

    private static func monthNumber(_ token: String) -> Int? {
        guard token.count >= 3 else { return nil }
        return months.firstIndex(of: String(token.prefix(3))).map { $0 + 1 }
    }

    /// The zone's offset east of UTC in seconds: `+0100`, `-05:00`, or an RFC 822 name; unknown is UTC.
    private static func zoneOffset(_ token: String) -> Int {
        if let hours = zones[token] { return hours * 3600 }
        guard let sign = token.first, sign == "+" || sign == "-" else { return 0 }
        let digits = token.dropFirst().filter(\.isNumber)
        guard digits.count == 4, let value = Int(digits) else { return 0 }
        let seconds = (value / 100) * 3600 + (value % 100) * 60
        return sign == "-" ? -seconds : seconds
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
