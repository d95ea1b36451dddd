/// The target and alert threshold of every dashboard indicator: the DESIGN's
/// defaults, or a team's own from the config file (`dashboard_targets`).
public struct DashboardTargets: Sendable, Equatable {
    /// One indicator's two lines.
    public struct Levels: Sendable, Equatable {
        /// Met at or better than this.
        public var target: Double
        /// Alert once worse than this.
        public var alertThreshold: Double

        public init(target: Double, alertThreshold: Double) {
            self.target = target
            self.alertThreshold = alertThreshold
        }
    }

    /// What an indicator measures, which fixes the range its levels may take.
    public enum Scale: String, Sendable {
        case ratio
        case score = "score_1_5"
        case seconds

        /// Whether `value` is a possible figure on this scale.
        public func allows(_ value: Double) -> Bool {
            switch self {
            case .ratio: (0...1).contains(value)
            case .score: (1...5).contains(value)
            case .seconds: value > 0 && value.isFinite
            }
        }
    }

    /// The indicators, in dashboard order: name, scale, whether larger is better, default levels.
    public static let indicators: [(name: String, scale: Scale, higherIsBetter: Bool, defaults: Levels)] = [
        ("auto_resolution_rate", .ratio, true, Levels(target: 0.65, alertThreshold: 0.50)),
        ("ai_answer_accuracy", .ratio, true, Levels(target: 0.92, alertThreshold: 0.85)),
        ("csat_ai", .score, true, Levels(target: 4.2, alertThreshold: 3.8)),
        ("first_response_seconds_p50", .seconds, false, Levels(target: 30, alertThreshold: 60)),
        ("human_escalation_rate", .ratio, false, Levels(target: 0.35, alertThreshold: 0.45)),
        ("csat_human", .score, true, Levels(target: 4.5, alertThreshold: 4.0)),
        // Not a DESIGN target; 10% / 20% is the usual support-team rule of thumb.
        ("reopen_rate", .ratio, false, Levels(target: 0.10, alertThreshold: 0.20)),
    ]

    /// Levels set by the team; every other indicator keeps its default.
    public var overrides: [String: Levels]

    public init(overrides: [String: Levels] = [:]) {
        self.overrides = overrides
    }

    /// The DESIGN's defaults.
    public static let defaults = DashboardTargets()

    /// The levels in force for `name`.
    public func levels(of name: String) -> Levels {
        overrides[name] ?? Self.indicators.first { $0.name == name }?.defaults ?? Levels(target: 0, alertThreshold: 0)
    }

    /// Why `levels` cannot be `name`'s, or nil when they can: an unknown name, a level off the
    /// indicator's scale, or an alert threshold on the good side of the target.
    public static func problem(name: String, levels: Levels) -> String? {
        guard let indicator = indicators.first(where: { $0.name == name }) else {
            return "unknown indicator; expected one of " + indicators.map(\.name).joined(separator: ", ")
        }
        for (key, value) in [("target", levels.target), ("alert", levels.alertThreshold)]
        where !indicator.scale.allows(value) {
            return "\(key) \(value) is outside the \(indicator.scale.rawValue) scale"
        }
        if indicator.higherIsBetter, levels.alertThreshold > levels.target {
            return "alert \(levels.alertThreshold) must not be above target \(levels.target): higher is better"
        }
        if !indicator.higherIsBetter, levels.alertThreshold < levels.target {
            return "alert \(levels.alertThreshold) must not be below target \(levels.target): lower is better"
        }
        return nil
    }
}
