import Foundation
import TicketflowCore

/// The typed models of `/console/webhooks` (subscriptions, the create form
/// and, once, a new secret) and `/console/webhooks/:id` (the delivery log).
/// The wording says only what the store recorded: an attempt is "Delivered"
/// only when the receiver answered 2xx, and "No answer" when none came.
enum WebhookPageModel {
    /// One subscription, as both pages show it.
    struct Row {
        let id: Int64
        let url: String
        let events: String
        /// "On", or "Off: <reason>".
        let state: String
        let on: Bool
        let failures: Int
        let failing: Bool
        /// When the retry runs; "—" when none is scheduled (not failing, or off).
        let nextAttempt: String
        let created: String
    }

    /// An event type checkbox of the create form.
    struct EventChoice {
        let name: String
        let checked: Bool
    }

    /// Shown once, in the answer to the create form.
    struct Created {
        let url: String
        let secret: String
    }

    /// `/console/webhooks`.
    struct List {
        /// "1 subscription", "3 subscriptions".
        let count: String
        let webhooks: [Row]
        let choices: [EventChoice]
        /// The form's URL field (kept when the form comes back with an error).
        let formURL: String
        let error: String?
        let created: Created?
    }

    /// One delivery attempt in the log.
    struct Attempt {
        let time: String
        let eventID: Int64
        let eventType: String
        let result: String
        let delivered: Bool
        let error: String
        let duration: String
    }

    /// `/console/webhooks/:id`.
    struct Log {
        let webhook: Row
        let count: Int
        let limit: Int
        let attempts: [Attempt]
    }

    /// The form's prefix for event type checkboxes: `event:ticket.created`.
    /// One field per type, because the console's form reader keeps one value per name.
    static let eventField = "event:"

    static func list(
        _ subscriptions: [WebhookSubscription], now: Date, formURL: String = "",
        checked: Set<IntegrationEventType> = [], error: String? = nil, created: Created? = nil
    ) -> List {
        List(
            count: subscriptions.count == 1 ? "1 subscription" : "\(subscriptions.count) subscriptions",
            webhooks: subscriptions.map { row($0, now: now) },
            choices: IntegrationEventType.allCases.map {
                EventChoice(name: $0.rawValue, checked: checked.contains($0))
            },
            formURL: formURL, error: error, created: created)
    }

    static func log(_ subscription: WebhookSubscription, attempts: [WebhookAttempt], limit: Int, now: Date) -> Log {
        Log(
            webhook: row(subscription, now: now), count: attempts.count, limit: limit,
            attempts: attempts.map(attempt))
    }

    static func row(_ s: WebhookSubscription, now: Date) -> Row {
        Row(
            id: s.id, url: s.url,
            events: s.eventTypes.isEmpty ? "all events" : s.eventTypes.map(\.rawValue).joined(separator: ", "),
            state: state(s), on: s.enabled, failures: s.consecutiveFailures,
            failing: s.consecutiveFailures > 0, nextAttempt: nextAttempt(s, now: now),
            created: ConsoleFormat.time(s.createdAt))
    }

    static func state(_ s: WebhookSubscription) -> String {
        guard !s.enabled else { return "On" }
        guard let reason = s.disabledReason, !reason.isEmpty else { return "Off" }
        return "Off: \(reason)"
    }

    /// Only an enabled subscription that is failing has a retry scheduled;
    /// one that is off waits for an admin, whatever its stored time says.
    static func nextAttempt(_ s: WebhookSubscription, now: Date) -> String {
        guard s.enabled, s.consecutiveFailures > 0 else { return "—" }
        let wait = s.nextAttemptAt.timeIntervalSince(now)
        return "\(seconds(s.nextAttemptAt)) (" + (wait > 0 ? "in \(ConsoleFormat.duration(wait)))" : "due now)")
    }

    static func attempt(_ a: WebhookAttempt) -> Attempt {
        Attempt(
            time: seconds(a.createdAt), eventID: a.eventID, eventType: a.eventType.rawValue, result: result(a),
            delivered: a.succeeded, error: a.error ?? "—",
            duration: a.durationMs < 10 ? String(format: "%.1f ms", a.durationMs) : "\(Int(a.durationMs.rounded())) ms")
    }

    /// "Delivered (204)", "Failed: HTTP 500", or "No answer" (refused, unreachable, timed out).
    static func result(_ a: WebhookAttempt) -> String {
        switch (a.succeeded, a.statusCode) {
        case (true, let status?): return "Delivered (\(status))"
        case (true, nil): return "Delivered"
        case (false, let status?): return "Failed: HTTP \(status)"
        case (false, nil): return "No answer"
        }
    }

    /// A time to the second: retries and attempts are seconds apart.
    static func seconds(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss 'UTC'"
        return formatter.string(from: date)
    }
}
