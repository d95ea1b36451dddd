import Foundation

/// Reads the `since` of a QA run or listing: a UTC day (`2026-01-31`) or an
/// ISO 8601 time (`2026-01-31T06:00:00Z`); no value means 24 hours before `now`.
public enum QASince {
    /// How far back a run looks when no `since` is given.
    public static let defaultWindow: TimeInterval = 86_400

    /// The parsed time, or a `ValidationError` that says which forms are accepted.
    public static func parse(_ raw: String?, now: Date) throws -> Date {
        guard let raw = raw?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else {
            return now.addingTimeInterval(-defaultWindow)
        }
        if let day = day(raw) { return day }
        if let time = ISO8601DateFormatter().date(from: raw) { return time }
        throw ValidationError(field: "since", "must be a date as YYYY-MM-DD or an ISO 8601 time, got '\(raw)'")
    }

    /// Midnight UTC of a strict `YYYY-MM-DD` (no rollover: 2026-02-30 is refused).
    public static func day(_ raw: String) -> Date? {
        guard raw.wholeMatch(of: /\d{4}-\d{2}-\d{2}/) != nil else { return nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.isLenient = false
        guard let date = formatter.date(from: raw), formatter.string(from: date) == raw else { return nil }
        return date
    }

    /// The UTC day of `date` as `YYYY-MM-DD` (the nightly job's dedupe key).
    public static func dayKey(_ date: Date) -> String { SupportMetrics.dayKey(date) }
}
