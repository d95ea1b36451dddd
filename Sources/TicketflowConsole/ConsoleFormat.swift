import Foundation
import TicketflowCore

/// Small formatting helpers for the pages: times, durations, empty values.
enum ConsoleFormat {
    static func time(_ date: Date) -> String {
        utcFormatter("yyyy-MM-dd HH:mm 'UTC'").string(from: date)
    }

    /// Dates as the console shows them: UTC, fixed English digits.
    static func utcFormatter(_ format: String) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = format
        return formatter
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

    /// Where an article came from, without the server's directories: a file's name (with its
    /// `#row=` for FAQ rows), a URL or `api` as they are.
    static func source(_ raw: String) -> String {
        guard raw.contains("/"), !raw.contains("://") else { return raw }
        return raw.split(separator: "/").last.map(String.init) ?? raw
    }

    /// A route in words ("person now"), for people reading the queue rather than the API.
    static func route(_ route: Route?) -> String {
        switch route {
        case .humanNow: "person now"
        case .aiDraftHumanReview: "AI draft, person reviews"
        case .aiOnly: "AI answers"
        case nil: "—"
        }
    }

    /// Why an answer was held, in words ("no matching article"); unknown reasons lose their underscores.
    static func reason(_ raw: String) -> String {
        let known = [
            "low_confidence": "low confidence", "no_knowledge": "no matching article",
            "urgency_escalation": "urgent", "policy_flag": "would promise something the articles do not",
            "route_requires_review": "the route needs a person's review",
            "other_language": "written in another language than the knowledge base",
            "translation_unverified": "the translated answer failed its check",
            "translation_review": "a person reviews translated answers",
            "human_now": "a person answers now",
            "no_route": "not routed", "grounding_flag": "a sentence the articles do not support",
            "citation_flag": "cites a source that was not retrieved",
            "injection_suspected": "possible prompt injection",
            "no_automatic_answer": "automatic answer withheld", "answering_failed": "answering failed",
            "llm_unavailable": "LLM unavailable",
        ]
        return known[raw] ?? raw.replacingOccurrences(of: "_", with: " ")
    }

    /// "Spanish (es)": Foundation's English name for a language code, with the code.
    static func language(_ code: String) -> String {
        (Locale(identifier: "en").localizedString(forLanguageCode: code).map { "\($0) (\(code))" }) ?? code
    }

    static func or(_ value: String?, _ placeholder: String = "—") -> String {
        guard let value, !value.isEmpty else { return placeholder }
        return value
    }

    static func number(_ value: Double?, digits: Int = 2) -> String {
        value.map { String(format: "%.\(digits)f", $0) } ?? "—"
    }
}
