import Foundation

/// A dashboard figure with its target and alert threshold (`DashboardTargets`).
public struct Indicator: Codable, Sendable, Equatable {
    /// Where the figure stands against its thresholds.
    public enum State: String, Codable, Sendable {
        case ok, warning, alert
        case noData = "no_data"
    }

    public var name: String
    /// nil when there is nothing to compute it from yet.
    public var value: Double?
    public var unit: String
    public var target: Double
    public var alertThreshold: Double
    /// True when larger is better (rates of success, CSAT); false for times and escalation.
    public var higherIsBetter: Bool

    public init(
        name: String, value: Double?, unit: String, target: Double, alertThreshold: Double, higherIsBetter: Bool
    ) {
        self.name = name
        self.value = value
        self.unit = unit
        self.target = target
        self.alertThreshold = alertThreshold
        self.higherIsBetter = higherIsBetter
    }

    /// ok when the target is met, alert when the alert threshold is crossed, warning in between.
    public var state: State {
        guard let value else { return .noData }
        if higherIsBetter {
            return value >= target ? .ok : value < alertThreshold ? .alert : .warning
        }
        return value <= target ? .ok : value > alertThreshold ? .alert : .warning
    }

    enum CodingKeys: String, CodingKey {
        case name, value, unit, target, state
        case alertThreshold = "alert_threshold"
        case higherIsBetter = "higher_is_better"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try c.decode(String.self, forKey: .name), value: try c.decodeIfPresent(Double.self, forKey: .value),
            unit: try c.decode(String.self, forKey: .unit), target: try c.decode(Double.self, forKey: .target),
            alertThreshold: try c.decode(Double.self, forKey: .alertThreshold),
            higherIsBetter: try c.decode(Bool.self, forKey: .higherIsBetter))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(value, forKey: .value)
        try c.encode(unit, forKey: .unit)
        try c.encode(target, forKey: .target)
        try c.encode(alertThreshold, forKey: .alertThreshold)
        try c.encode(higherIsBetter, forKey: .higherIsBetter)
        try c.encode(state, forKey: .state)
    }
}

/// The dashboard's figures over a window of tickets: `GET /v1/metrics/summary`.
public struct MetricsSummary: Codable, Sendable, Equatable {
    public var since: Date
    public var tickets: Int
    /// The DESIGN's six targets plus reopen rate, with states.
    public var indicators: [Indicator]
    public var resolutionSecondsP50: Double?
    public var pipelineMsP50: Double?
    public var pipelineMsP95: Double?
    public var pipelineMsP99: Double?
    public var byCategory: [String: Int]
    public var byRoute: [String: Int]
    /// Tickets per UTC day (yyyy-MM-dd), and per day and route.
    public var byDay: [String: Int]
    public var byDayAndRoute: [String: [String: Int]]
    /// Answers served from the answer cache, without a generator or LLM call.
    public var answerCacheHits: Int = 0

    enum CodingKeys: String, CodingKey {
        case since, tickets, indicators
        case answerCacheHits = "answer_cache_hits"
        case resolutionSecondsP50 = "resolution_seconds_p50"
        case pipelineMsP50 = "pipeline_ms_p50"
        case pipelineMsP95 = "pipeline_ms_p95"
        case pipelineMsP99 = "pipeline_ms_p99"
        case byCategory = "by_category"
        case byRoute = "by_route"
        case byDay = "by_day"
        case byDayAndRoute = "by_day_and_route"
    }

    /// One indicator by name.
    public func indicator(_ name: String) -> Indicator? { indicators.first { $0.name == name } }
}

/// The metrics math, pure so it can be checked against a known ticket history.
public enum SupportMetrics {
    /// Computes the summary of `facts` (tickets created since `since`) against the team's `targets`.
    public static func summarize(
        _ facts: [TicketFacts], since: Date, targets: DashboardTargets = .defaults
    ) -> MetricsSummary {
        let count = facts.count
        func rate(_ predicate: (TicketFacts) -> Bool) -> Double? {
            count == 0 ? nil : Double(facts.filter(predicate).count) / Double(count)
        }
        let answered = facts.filter { $0.aiMessages > 0 || $0.agentMessages > 0 }
        let reopenRate =
            answered.isEmpty
            ? nil
            : Double(answered.filter { $0.customerMessagesAfterReply > 0 }.count) / Double(answered.count)
        let firstResponses = facts.compactMap { fact in
            fact.firstResponseAt.map { $0.timeIntervalSince(fact.createdAt) }
        }
        let resolutions = facts.compactMap { fact in fact.resolvedAt.map { $0.timeIntervalSince(fact.createdAt) } }
        let reviewed = facts.compactMap(\.aiAnswerAccurate)
        let accuracy = reviewed.isEmpty ? nil : Double(reviewed.filter { $0 }.count) / Double(reviewed.count)
        let pipeline = facts.map(\.pipelineMs).filter { $0 > 0 }

        let values: [String: Double?] = [
            "auto_resolution_rate": rate(\.resolvedByAI), "ai_answer_accuracy": accuracy,
            "csat_ai": mean(facts.compactMap(\.csatAI)), "first_response_seconds_p50": percentile(firstResponses, 50),
            "human_escalation_rate": rate(\.reachedAHuman), "csat_human": mean(facts.compactMap(\.csatHuman)),
            "reopen_rate": reopenRate,
        ]
        let indicators = DashboardTargets.indicators.map { indicator in
            let levels = targets.levels(of: indicator.name)
            return Indicator(
                name: indicator.name, value: values[indicator.name] ?? nil, unit: indicator.scale.rawValue,
                target: levels.target, alertThreshold: levels.alertThreshold, higherIsBetter: indicator.higherIsBetter)
        }
        var byCategory: [String: Int] = [:]
        var byRoute: [String: Int] = [:]
        var byDay: [String: Int] = [:]
        var byDayAndRoute: [String: [String: Int]] = [:]
        for fact in facts {
            byCategory[fact.category ?? "none", default: 0] += 1
            let route = fact.route?.rawValue ?? "none"
            byRoute[route, default: 0] += 1
            let day = dayKey(fact.createdAt)
            byDay[day, default: 0] += 1
            byDayAndRoute[day, default: [:]][route, default: 0] += 1
        }
        return MetricsSummary(
            since: since, tickets: count, indicators: indicators,
            resolutionSecondsP50: percentile(resolutions, 50),
            pipelineMsP50: percentile(pipeline, 50), pipelineMsP95: percentile(pipeline, 95),
            pipelineMsP99: percentile(pipeline, 99),
            byCategory: byCategory, byRoute: byRoute, byDay: byDay, byDayAndRoute: byDayAndRoute,
            answerCacheHits: facts.reduce(0) { $0 + $1.answerCacheHits })
    }

    /// Nearest-rank percentile; nil for no values.
    public static func percentile(_ values: [Double], _ p: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank - 1, 0), sorted.count - 1)]
    }

    static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }

    /// UTC calendar day, so every node buckets the same ticket the same way.
    static func dayKey(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }
}
