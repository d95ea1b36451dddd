import Foundation

/// When the team works, so SLA clocks count working time only: a ticket that
/// arrives on Friday evening with a 4-hour target is due on Monday morning.
public struct BusinessHours: Sendable, Equatable {
    /// The team's time zone; opening times and days are read in it (daylight saving included).
    public var timeZone: TimeZone
    /// Working days, as `Calendar` weekdays (1 = Sunday … 7 = Saturday).
    public var weekdays: Set<Int>
    /// Minutes after midnight the day opens and closes; `opens < closes`.
    public var opens: Int
    public var closes: Int

    /// Day names as the config file writes them, in `Calendar` weekday order.
    public static let dayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

    public init(timeZone: TimeZone, weekdays: Set<Int>, opens: Int, closes: Int) {
        self.timeZone = timeZone
        self.weekdays = weekdays
        self.opens = opens
        self.closes = closes
    }

    /// `seconds` of working time after `start`: the SLA due date of a ticket opened at `start`.
    public func adding(_ seconds: Double, to start: Date) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        var remaining = max(0, seconds)
        var day = calendar.startOfDay(for: start)
        // Bounded: with at least one working day a week, any target a team sets ends within years.
        for _ in 0..<(366 * 20) {
            let weekday = calendar.component(.weekday, from: day)
            if weekdays.contains(weekday), let open = time(opens, on: day, calendar),
                let close = time(closes, on: day, calendar)
            {
                let from = max(open, start)
                if from < close {
                    let available = close.timeIntervalSince(from)
                    if remaining <= available { return from.addingTimeInterval(remaining) }
                    remaining -= available
                }
            }
            guard let next = calendar.date(byAdding: .day, value: 1, to: day) else { break }
            day = next
        }
        return start.addingTimeInterval(seconds)
    }

    /// "mon–fri 09:00–17:00 Europe/Berlin".
    public var description: String {
        let days = (1...7).filter(weekdays.contains).map { Self.dayNames[$0 - 1] }.joined(separator: ",")
        return "\(days) \(Self.clock(opens))–\(Self.clock(closes)) \(timeZone.identifier)"
    }

    /// "09:00" for 540.
    public static func clock(_ minutes: Int) -> String {
        String(format: "%02d:%02d", minutes / 60, minutes % 60)
    }

    /// 540 for "09:00"; nil unless it is HH:MM from 00:00 to 24:00.
    public static func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let hours = Int(parts[0]),
            let minutes = Int(parts[1]), (0...24).contains(hours), (0..<60).contains(minutes)
        else { return nil }
        let total = hours * 60 + minutes
        return total <= 24 * 60 ? total : nil
    }

    private func time(_ minutes: Int, on day: Date, _ calendar: Calendar) -> Date? {
        guard minutes < 24 * 60 else { return calendar.date(byAdding: .day, value: 1, to: day) }
        return calendar.date(bySettingHour: minutes / 60, minute: minutes % 60, second: 0, of: day)
    }
}
