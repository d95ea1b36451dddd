import Foundation

/// Small formatting helpers for the pages: times, durations, empty values.
enum ConsoleFormat {
    static func time(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
        return formatter.string(from: date)
    }

    /// "3h 12m", "45m", "20s".
    static func duration(_ seconds: Double) -> String {
        let total = Int(abs(seconds))
        let days = total / 86400, hours = (total % 86400) / 3600, minutes = (total % 3600) / 60
        if days > 0 { return "\(days)d \(hours)h" }
        if hours > 0 { return "\(hours)h \(minutes)m" }
        if minutes > 0 { return "\(minutes)m" }
        return "\(total)s"
    }

    /// When a ticket is due, relative to now: "in 2h 5m" or "3h 1m overdue".
    static func due(remaining seconds: Double) -> String {
        seconds < 0 ? "\(duration(seconds)) overdue" : "in \(duration(seconds))"
    }

    static func or(_ value: String?, _ placeholder: String = "—") -> String {
        guard let value, !value.isEmpty else { return placeholder }
        return value
    }

    static func number(_ value: Double?, digits: Int = 2) -> String {
        value.map { String(format: "%.\(digits)f", $0) } ?? "—"
    }
}
