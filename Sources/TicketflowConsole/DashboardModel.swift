import Foundation
import TicketflowCore

/// The dashboard page's data: indicator cards, the alert banner and the
/// charts, from the metrics summary and the per-ticket facts behind it.
struct DashboardModel {
    let summary: MetricsSummary
    let facts: [TicketFacts]
    let days: Int
    let now: Date
    /// Open tickets waiting for a person now, and how many of them are past their SLA.
    var backlog = 0
    var breached = 0
    /// Display names by email, for the per-agent table.
    var names: [String: String] = [:]
    /// The largest knowledge gaps of the last 30 days (the knowledge base page lists them all).
    var gaps: [ConsolePages.KnowledgeList.Gap] = []

    /// Windows the page offers. The one-day window counts by hour, so a day's tickets are not one bar.
    static let windows = [1, 7, 30, 90]

    /// What each indicator is called on a card.
    static let labels = [
        "auto_resolution_rate": "Auto-resolution rate", "ai_answer_accuracy": "AI answer accuracy",
        "csat_ai": "CSAT (AI answers)", "first_response_seconds_p50": "First response (median)",
        "human_escalation_rate": "Human escalation rate", "csat_human": "CSAT (human answers)",
        "reopen_rate": "Reopen rate",
    ]

    /// The dashboard's template keys.
    struct Page {
        struct Window {
            let days: Int
            let selected: Bool
            let label: String
        }

        struct Alert {
            let label: String
            let name: String
            let value: String
            let threshold: String
        }

        struct Card {
            let name: String
            let label: String
            let state: String
            let value: String
            let target: String
            let threshold: String
        }

        let days: Int
        /// "1 day", "7 days".
        let windowLabel: String
        let tickets: Int
        /// Answers served from the answer cache in the window.
        let cacheHits: Int
        let since: String
        let windows: [Window]
        let cards: [Card]
        let alerts: [Alert]
        let hasAlerts: Bool
        let volumeChart: SVGChart.Chart
        let categoryChart: SVGChart.Chart
        let latencyChart: SVGChart.Chart
        let ratesChart: SVGChart.Chart
        let backlog: Int
        let breached: Int
        let hasBreaches: Bool
        let agents: [Agent]
        let hasAgents: Bool
        let gaps: [ConsolePages.KnowledgeList.Gap]
        let hasGaps: Bool
    }

    /// One person's answered tickets in the window.
    struct Agent {
        let name: String
        let handled: Int
        /// Median time from a ticket's opening to its first answer.
        let firstResponse: String
        /// Median time from a ticket's opening to its resolution, for the resolved ones.
        let handleTime: String
        let csat: String
    }

    /// Tickets a person answered (an agent message on a ticket they hold), by person, most first.
    func agents() -> [Agent] {
        let answered = facts.filter { $0.agentMessages > 0 }
        return Dictionary(grouping: answered) { $0.assignee ?? "" }.map { email, tickets in
            func median(_ end: KeyPath<TicketFacts, Date?>) -> String {
                let spans = tickets.compactMap { fact in fact[keyPath: end].map { $0.timeIntervalSince(fact.createdAt) }
                }
                return SupportMetrics.percentile(spans, 50).map { Self.format($0, unit: "seconds") } ?? "—"
            }
            let scores = tickets.compactMap(\.csatHuman)
            return Agent(
                name: email.isEmpty ? "(unassigned)" : names[email] ?? email, handled: tickets.count,
                firstResponse: median(\.firstResponseAt), handleTime: median(\.resolvedAt),
                csat: scores.isEmpty
                    ? "no ratings"
                    : String(format: "%.2f / 5 (%d)", scores.reduce(0, +) / Double(scores.count), scores.count))
        }.sorted { $0.handled != $1.handled ? $0.handled > $1.handled : $0.name < $1.name }
    }

    func page() -> Page {
        let alerts = summary.indicators.filter { $0.state == .alert }
        let agents = agents()
        return Page(
            days: days, windowLabel: Self.window(days), tickets: summary.tickets, cacheHits: summary.answerCacheHits,
            since: ConsoleFormat.time(summary.since),
            windows: Self.windows.map { Page.Window(days: $0, selected: $0 == days, label: Self.window($0)) },
            cards: summary.indicators.map(card),
            alerts: alerts.map {
                Page.Alert(
                    label: Self.label($0), name: $0.name, value: Self.format($0.value, unit: $0.unit),
                    threshold: Self.format($0.alertThreshold, unit: $0.unit))
            },
            hasAlerts: !alerts.isEmpty,
            volumeChart: volumeChart(), categoryChart: categoryChart(), latencyChart: latencyChart(),
            ratesChart: ratesChart(), backlog: backlog, breached: breached, hasBreaches: breached > 0, agents: agents,
            hasAgents: !agents.isEmpty, gaps: Array(gaps.prefix(5)), hasGaps: !gaps.isEmpty)
    }

    func card(_ indicator: Indicator) -> Page.Card {
        Page.Card(
            name: indicator.name, label: Self.label(indicator), state: indicator.state.rawValue,
            value: Self.format(indicator.value, unit: indicator.unit),
            target: (indicator.higherIsBetter ? "≥ " : "≤ ") + Self.format(indicator.target, unit: indicator.unit),
            threshold: (indicator.higherIsBetter ? "< " : "> ")
                + Self.format(indicator.alertThreshold, unit: indicator.unit))
    }

    /// The chart buckets: every UTC hour of a one-day window, every UTC day of longer ones, oldest first, so
    /// quiet ones show as gaps.
    var bucketKeys: [String] {
        guard days == 1 else { return dayKeys }
        let formatter = Self.hourFormatter
        return (0...24).reversed().map { formatter.string(from: now.addingTimeInterval(-Double($0) * 3600)) }
    }

    /// What names a time's bucket: its hour or its day. Made once per chart, not per ticket.
    var bucketFormatter: DateFormatter { days == 1 ? Self.hourFormatter : Self.dayFormatter }

    /// Every UTC day of the window, oldest first, so quiet days show as gaps.
    var dayKeys: [String] {
        let formatter = Self.dayFormatter
        var keys: [String] = []
        var day = summary.since
        while day <= now {
            keys.append(formatter.string(from: day))
            day = day.addingTimeInterval(86_400)
        }
        let today = formatter.string(from: now)
        if keys.last != today { keys.append(today) }
        return keys
    }

    func volumeChart() -> SVGChart.Chart {
        let keys = bucketKeys
        let formatter = bucketFormatter
        let counts = Dictionary(grouping: facts) { formatter.string(from: $0.createdAt) }.mapValues { tickets in
            Dictionary(grouping: tickets) { $0.route?.rawValue ?? "none" }.mapValues(\.count)
        }
        let routes = Set(counts.values.flatMap(\.keys)).sorted()
        let series = routes.map { route in
            SVGChart.Series(name: route, values: keys.map { Double(counts[$0]?[route] ?? 0) })
        }
        return SVGChart.bars(
            id: "chart-volume", title: "Tickets per \(days == 1 ? "hour" : "day"), by route",
            labels: keys.map(Self.short), series: series)
    }

    func categoryChart() -> SVGChart.Chart {
        let sorted = summary.byCategory.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(
            12)
        return SVGChart.bars(
            id: "chart-category", title: "Tickets by category", labels: sorted.map(\.key),
            series: [SVGChart.Series(name: "tickets", values: sorted.map { Double($0.value) })])
    }

    func latencyChart() -> SVGChart.Chart {
        let values = [summary.pipelineMsP50, summary.pipelineMsP95, summary.pipelineMsP99].map { $0 ?? 0 }
        return SVGChart.bars(
            id: "chart-latency", title: "Pipeline latency (ms)", labels: ["p50", "p95", "p99"],
            series: [SVGChart.Series(name: "milliseconds", values: values)], format: { String(format: "%.0f ms", $0) })
    }

    /// Auto-resolution and escalation rate per day, against their targets.
    func ratesChart() -> SVGChart.Chart {
        let keys = bucketKeys
        let formatter = bucketFormatter
        let byDay = Dictionary(grouping: facts) { formatter.string(from: $0.createdAt) }
        func rate(_ key: String, _ predicate: (TicketFacts) -> Bool) -> Double {
            guard let day = byDay[key], !day.isEmpty else { return 0 }
            return Double(day.filter(predicate).count) / Double(day.count)
        }
        let active = keys.filter { byDay[$0] != nil }
        let series = [
            SVGChart.Series(name: "auto-resolution", values: active.map { rate($0, \.resolvedByAI) }),
            SVGChart.Series(name: "escalation", values: active.map { rate($0, \.reachedAHuman) }),
        ]
        let targets = ["auto_resolution_rate", "human_escalation_rate"].compactMap { name in
            summary.indicator(name).map { (name: Self.labels[name] ?? name, value: $0.target) }
        }
        return SVGChart.lines(
            id: "chart-rates", title: "Auto-resolution and escalation rate per \(days == 1 ? "hour" : "day")",
            labels: active.map(Self.short),
            series: series, maximum: 1, targets: targets, format: { String(format: "%.0f%%", $0 * 100) })
    }

    static func label(_ indicator: Indicator) -> String { labels[indicator.name] ?? indicator.name }

    static func window(_ days: Int) -> String { days == 1 ? "1 day" : "\(days) days" }

    /// A value in its unit: ratios as percentages, seconds as durations, scores to one decimal.
    static func format(_ value: Double?, unit: String) -> String {
        guard let value else { return "no data" }
        switch unit {
        case "ratio": return String(format: "%.1f%%", value * 100)
        case "seconds": return value < 120 ? String(format: "%.0f s", value) : ConsoleFormat.duration(value)
        case "score_1_5": return String(format: "%.2f / 5", value)
        default: return String(format: "%.2f", value)
        }
    }

    /// "01-31" from "2026-01-31" and "14h" from "2026-01-31 14h": the axis has no room for years.
    static func short(_ key: String) -> String {
        key.count > 10 ? String(key.suffix(3)) : String(key.dropFirst(5))
    }

    static var hourFormatter: DateFormatter { ConsoleFormat.utcFormatter("yyyy-MM-dd HH'h'") }

    static var dayFormatter: DateFormatter { ConsoleFormat.utcFormatter("yyyy-MM-dd") }
}
