import Foundation
import TicketflowCore
import TicketflowEscalation
import TicketflowTriage

/// What a team tunes to its own work, from the config file: its categories,
/// the priority matrix, SLA targets, business hours and the dashboard's
/// targets. Every part is optional; what is left out keeps the DESIGN's default.
public struct TeamSetup: Sendable, Equatable {
    /// Declared categories; empty keeps the starter categories.
    public var categories: [CategoryDefinition] = []
    /// The routing matrix; nil keeps the defaults (or `models/matrix.json`).
    public var matrix: PriorityMatrix?
    /// SLA targets per priority and the business hours their clocks count.
    public var sla = SLAPolicy()
    /// The dashboard's targets and alert thresholds.
    public var targets = DashboardTargets.defaults
    /// Saved replies agents insert on the ticket page (`macros`).
    public var macros: [ReplyMacro] = []
    /// Who gets unassigned open tickets (`assignment`).
    public var assignment = AssignmentRules()
    /// Days after resolution during which a customer's reply reopens the ticket (`reopen_days`); later
    /// replies open a follow-up ticket.
    public var reopenDays = FollowUpRule.defaultDays

    public init() {}

    /// Each declared queue and the categories that go to it.
    public var queues: [String: [String]] {
        categories.reduce(into: [:]) { queues, category in
            if let queue = category.queue { queues[queue, default: []].append(category.name) }
        }
    }

    /// The config-file keys this reads (objects and arrays, so the file only).
    public static let keys: Set<String> = [
        "categories", "priority_matrix", "sla_minutes", "business_hours", "dashboard_targets", "macros",
        "assignment", "reopen_days",
    ]

    /// Reads one key's JSON value, refusing it with the exact key path and reason.
    mutating func set(_ key: String, json: Any) throws {
        let value = ConfigValue(path: key, value: json)
        switch key {
        case "categories": categories = try Self.categories(value)
        case "priority_matrix": matrix = try Self.matrix(value)
        case "sla_minutes": sla.targets = try Self.slaTargets(value)
        case "business_hours": sla.businessHours = try Self.businessHours(value)
        case "dashboard_targets": targets = try Self.targets(value)
        case "macros": macros = try Self.macros(value)
        case "assignment": assignment = try Self.assignment(value)
        case "reopen_days": reopenDays = try value.integer(in: 1...365)
        default: throw value.error("unknown setting")
        }
    }

    /// Checks across keys: a matrix rule or an assignment pool may only name declared categories (or `unknown`).
    func validate() throws {
        guard !categories.isEmpty else { return }
        let declared = Set(categories.map(\.name) + [ClassifierModel.unknownLabel])
        if let missing = assignment.pools.keys.sorted().first(where: { !declared.contains($0) }) {
            throw ConfigurationError(
                "assignment.pools.\(missing): not a declared category; categories declares "
                    + categories.map(\.name).joined(separator: ", "))
        }
        guard let matrix else { return }
        for (index, rule) in matrix.rules.enumerated() {
            if let missing = rule.categories?.first(where: { !declared.contains($0) }) {
                throw ConfigurationError(
                    "priority_matrix.rules[\(index)].categories: \(ConfigurationError.quoted(missing)) is not a declared category; "
                        + "categories declares " + categories.map(\.name).joined(separator: ", "))
            }
        }
    }

    static func categories(_ value: ConfigValue) throws -> [CategoryDefinition] {
        var seen: Set<String> = []
        let items = try value.array()
        guard items.count >= 2 else { throw value.error("needs at least 2 categories, got \(items.count)") }
        return try items.map { item in
            let fields = try item.object(allowed: ["name", "description", "examples", "queue"])
            func required(_ key: String) throws -> ConfigValue {
                guard let field = fields[key] else { throw ConfigurationError("\(item.path).\(key): is required") }
                return field
            }
            let category = CategoryDefinition(
                name: try required("name").string(), description: try required("description").string(),
                examples: try required("examples").strings(), queue: try fields["queue"]?.string())
            if let problem = category.problem {
                throw ConfigurationError("\(item.path).\(problem.field): \(problem.reason)")
            }
            guard seen.insert(category.name).inserted else {
                throw ConfigurationError(
                    "\(item.path).name: \(ConfigurationError.quoted(category.name)) is declared twice")
            }
            return category
        }
    }

    static func matrix(_ value: ConfigValue) throws -> PriorityMatrix {
        let fields = try value.object(allowed: ["rules", "fallback"])
        guard let rulesValue = fields["rules"] else { throw value.error("rules is required") }
        var names: Set<String> = []
        let rules = try rulesValue.array().map { item in
            let rule = try matrixRule(item)
            guard names.insert(rule.name).inserted else {
                throw ConfigurationError("\(item.path).name: \(ConfigurationError.quoted(rule.name)) names two rules")
            }
            return rule
        }
        return PriorityMatrix(
            rules: rules, fallback: try fields["fallback"]?.choice(of: Route.self) ?? .aiDraftHumanReview)
    }

    static func matrixRule(_ item: ConfigValue) throws -> MatrixRule {
        let fields = try item.object(allowed: [
            "name", "categories", "min_urgency", "max_urgency", "sentiments", "route",
        ])
        guard let name = try fields["name"]?.string(), !name.isEmpty else {
            throw ConfigurationError("\(item.path).name: is required")
        }
        guard let route = fields["route"] else { throw ConfigurationError("\(item.path).route: is required") }
        let rule = MatrixRule(
            name: name, categories: try fields["categories"]?.strings(),
            minUrgency: try fields["min_urgency"]?.integer(in: 1...5),
            maxUrgency: try fields["max_urgency"]?.integer(in: 1...5),
            sentiments: try fields["sentiments"]?.array().map { try $0.choice(of: Sentiment.self) },
            route: try route.choice(of: Route.self))
        if let low = rule.minUrgency, let high = rule.maxUrgency, low > high {
            throw ConfigurationError("\(item.path).min_urgency: \(low) is above max_urgency \(high)")
        }
        return rule
    }

    static func slaTargets(_ value: ConfigValue) throws -> [SLAPolicy.Priority: Double] {
        var targets = SLAPolicy.defaultTargets
        for (key, minutes) in try value.members() {
            guard let priority = SLAPolicy.Priority(rawValue: key) else {
                throw ConfigurationError("\(minutes.path): unknown priority; expected p1, p2 or p3")
            }
            let number = try minutes.number()
            guard number > 0, number <= 60 * 24 * 365 else {
                throw minutes.error("must be more than 0 and at most a year of minutes, got \(number)")
            }
            targets[priority] = number * 60
        }
        let ordered = SLAPolicy.Priority.allCases
        for (faster, slower) in zip(ordered, ordered.dropFirst())
        where (targets[faster] ?? 0) > (targets[slower] ?? 0) {
            throw ConfigurationError(
                "sla_minutes.\(faster.rawValue): \((targets[faster] ?? 0) / 60) is longer than "
                    + "\(slower.rawValue)'s \((targets[slower] ?? 0) / 60); a more urgent priority needs the shorter target"
            )
        }
        return targets
    }

    static func businessHours(_ value: ConfigValue) throws -> BusinessHours {
        let fields = try value.object(allowed: ["time_zone", "days", "opens", "closes"])
        var timeZone = TimeZone(identifier: "UTC")!
        if let zone = fields["time_zone"] {
            let name = try zone.string()
            guard let named = TimeZone(identifier: name) else {
                throw zone.error(
                    "\(ConfigurationError.quoted(name)) is not a time zone name like Europe/Berlin or America/New_York")
            }
            timeZone = named
        }
        var weekdays: Set<Int> = [2, 3, 4, 5, 6]
        if let days = fields["days"] {
            weekdays = try Set(
                days.array().map { day in
                    let name = try day.string().lowercased()
                    guard let index = BusinessHours.dayNames.firstIndex(of: name) else {
                        throw day.error(
                            "\(ConfigurationError.quoted(name)) is not one of "
                                + BusinessHours.dayNames.joined(separator: ", "))
                    }
                    return index + 1
                })
            guard !weekdays.isEmpty else { throw days.error("needs at least one working day") }
        }
        func time(_ key: String) throws -> Int {
            guard let field = fields[key] else { throw ConfigurationError("business_hours.\(key): is required") }
            let text = try field.string()
            guard let minutes = BusinessHours.minutes(text) else {
                throw field.error("\(ConfigurationError.quoted(text)) is not a time HH:MM")
            }
            return minutes
        }
        let opens = try time("opens")
        let closes = try time("closes")
        guard opens < closes else {
            throw ConfigurationError("business_hours.closes: \(BusinessHours.clock(closes)) is not after opens")
        }
        return BusinessHours(timeZone: timeZone, weekdays: weekdays, opens: opens, closes: closes)
    }

    /// Up to 20 saved replies with unique names; a body may use only `ReplyMacro.placeholders`.
    static func macros(_ value: ConfigValue) throws -> [ReplyMacro] {
        let items = try value.array()
        guard items.count <= 20 else { throw value.error("at most 20 saved replies, got \(items.count)") }
        var seen: Set<String> = []
        return try items.map { item in
            let fields = try item.object(allowed: ["name", "body"])
            guard let name = try fields["name"]?.string().trimmingCharacters(in: .whitespaces),
                (1...60).contains(name.count)
            else { throw ConfigurationError("\(item.path).name: is required, 1 to 60 characters") }
            guard let body = try fields["body"]?.string(), (1...5000).contains(body.count) else {
                throw ConfigurationError("\(item.path).body: is required, 1 to 5000 characters")
            }
            guard seen.insert(name.lowercased()).inserted else {
                throw ConfigurationError("\(item.path).name: \(ConfigurationError.quoted(name)) is declared twice")
            }
            let macro = ReplyMacro(name: name, body: body)
            if let unknown = macro.unknownPlaceholders.first {
                throw ConfigurationError(
                    "\(item.path).body: unknown placeholder {{\(unknown)}}; use "
                        + ReplyMacro.placeholders.map { "{{\($0)}}" }.joined(separator: ", "))
            }
            return macro
        }
    }

    /// `{"mode": "round_robin", "online_minutes": 15, "pools": {"billing": ["ann@example.com"]}}`.
    static func assignment(_ value: ConfigValue) throws -> AssignmentRules {
        let fields = try value.object(allowed: ["mode", "online_minutes", "pools"])
        var rules = AssignmentRules()
        if let mode = fields["mode"] { rules.mode = try mode.choice(of: AssignmentRules.Mode.self) }
        if let minutes = fields["online_minutes"] { rules.onlineMinutes = try minutes.integer(in: 1...1440) }
        for (category, people) in try fields["pools"]?.members() ?? [] {
            let emails = try people.strings().map { text in
                guard let email = EmailAddress(text) else {
                    throw people.error("\(ConfigurationError.quoted(text)) is not an email address")
                }
                return email.value
            }
            guard !emails.isEmpty else { throw people.error("needs at least one person") }
            rules.pools[category] = emails
        }
        return rules
    }

    static func targets(_ value: ConfigValue) throws -> DashboardTargets {
        var targets = DashboardTargets()
        for (name, item) in try value.members() {
            let fields = try item.object(allowed: ["target", "alert"])
            guard let target = fields["target"], let alert = fields["alert"] else {
                throw item.error("needs both target and alert")
            }
            let levels = DashboardTargets.Levels(target: try target.number(), alertThreshold: try alert.number())
            if let problem = DashboardTargets.problem(name: name, levels: levels) { throw item.error(problem) }
            targets.overrides[name] = levels
        }
        return targets
    }
}
