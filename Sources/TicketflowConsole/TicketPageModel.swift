import Foundation
import TicketflowCore
import TicketflowEscalation

/// The data the ticket page template renders, built from the ticket, its
/// package, its audit log and the viewer.
struct TicketPageModel {
    /// Categories offered for relabelling (the defaults plus the ticket's own).
    static let categories = ["billing", "technical", "account", "product_question", "feature_request", "complaint"]

    let detail: TicketDetail
    let entry: ReviewQueueEntry
    let package: EscalationPackage?
    let events: [TicketEvent]
    let viewer: AgentActor

    func data() -> [String: Any] {
        let t = detail.ticket
        let open = t.status != .closed
        let waiting = ReviewQueueQuery.openStatuses.contains(t.status)
        var data: [String: Any] = [
            "title": "#\(t.id) \(t.subject)",
            "ticket": [
                "id": t.id, "subject": t.subject, "status": t.status.rawValue, "priority": entry.priority.rawValue,
                "assignee": ConsoleFormat.or(t.assignee, "nobody"), "channel": t.channel.rawValue,
                "created": ConsoleFormat.time(t.createdAt),
                "due": waiting ? ConsoleFormat.due(remaining: entry.remainingSeconds) : "— (not waiting for a person)",
                "breached": entry.breached && waiting,
                "canClaim": open && t.assignee == nil, "canRelease": open && t.assignee == viewer.id,
            ] as [String: Any],
            "messages": detail.messages.map { message -> [String: Any] in
                [
                    "author": message.author.rawValue, "time": ConsoleFormat.time(message.createdAt), "body": message.body,
                    "hasCitations": !message.citations.isEmpty,
                    "citations": message.citations.map { ["articleID": $0.articleID, "title": $0.title] },
                ]
            },
            "open": open,
            "trace": detail.trace.map { entry -> [String: Any] in
                [
                    "stage": entry.stage, "output": entry.output, "input": entry.input,
                    "score": ConsoleFormat.number(entry.score, digits: 3), "engine": entry.engine,
                    "version": entry.engineVersion, "duration": String(format: "%.1f", entry.durationMs),
                    "details": entry.details.sorted { $0.key < $1.key }.map { ["key": $0.key, "value": $0.value] },
                ]
            },
            "events": events.reversed().map { event -> [String: Any] in
                [
                    "time": ConsoleFormat.time(event.createdAt), "actor": event.actor,
                    "kind": event.kind.rawValue.replacingOccurrences(of: "_", with: " "),
                    "summary": event.details.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: " · "),
                ]
            },
            "categoryOptions": Self.options(Self.categories + [t.category].compactMap { $0 }, selected: t.category),
            "urgencyOptions": (1...5).map { (value: Int) -> [String: Any] in ["value": value, "selected": value == (t.urgency ?? 0)] },
        ]
        if let draft = detail.draft, !draft.body.isEmpty {
            data["hasDraft"] = true
            data["draftBody"] = draft.body
            data["draftConfidence"] = ConsoleFormat.number(draft.confidence, digits: 3)
            data["hasDraftCitations"] = !draft.citations.isEmpty
            data["draftCitations"] = draft.citations.map { ["articleID": $0.articleID, "title": $0.title] }
        }
        if let reasons = detail.draft?.reasons, !reasons.isEmpty {
            data["draftReasons"] = reasons.joined(separator: ", ")
        }
        if let package { data["package"] = Self.packageData(package) }
        return data
    }

    static func packageData(_ package: EscalationPackage) -> [String: Any] {
        let c = package.classification
        return [
            "recommendedAction": package.recommendedAction, "summary": package.summary,
            "customerName": ConsoleFormat.or(package.customer.name, "anonymous"),
            "plan": ConsoleFormat.or(package.customer.plan), "recentTickets": package.customer.ticketsLast30Days,
            "lifetimeValue": package.customer.lifetimeValue.map { String(format: "%.2f", $0) } ?? "—",
            "category": ConsoleFormat.or(c.category) + (c.categoryConfidence.map { String(format: " (%.2f)", $0) } ?? ""),
            "sentiment": ConsoleFormat.or(c.sentiment?.rawValue), "urgency": c.urgency.map(String.init) ?? "—",
            "risk": c.escalationRisk ? "yes" : "no", "reason": ConsoleFormat.or(c.reason),
            "answersTried": package.aiAttempt.answersTried,
            "failureReason": ConsoleFormat.or(package.aiAttempt.failureReason?.rawValue),
            "articles": ConsoleFormat.or(package.aiAttempt.retrievedArticles.joined(separator: "; "), "none"),
        ]
    }

    /// Select options for `values` (each once), marking `selected`.
    static func options(_ values: [String], selected: String?) -> [[String: Any]] {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }.map { ["value": $0, "label": $0, "selected": $0 == selected] }
    }
}
