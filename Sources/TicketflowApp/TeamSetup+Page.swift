import Foundation
import TicketflowConsole
import TicketflowCore
import TicketflowEscalation
import TicketflowTriage

extension TeamSetup {
    /// `/console/setup` over the models `triage` runs now: its categories and matrix may have been
    /// replaced since start (a retrained model, `models/matrix.json`), so they are read live.
    func page(triage: TriageEngine) -> SetupPageModel {
        let models = triage.models
        let declared = Dictionary(categories.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let labels = models.category.labels.filter { $0 != ClassifierModel.unknownLabel }
        let rows = labels.map { label in
            let definition = declared[label]
            return SetupPageModel.Category(
                name: label, description: definition?.description ?? "", examples: definition?.examples ?? [],
                queue: definition?.queue ?? "")
        }
        let header = models.category.header
        let model =
            models.zeroShot.map { "zero-shot \($0.model.version) on the sentence encoder" }
            ?? "category model \(header.name) v\(header.version)"
        return SetupPageModel(
            categorySource: categories.isEmpty ? model : "\(model); declared in the config file's categories",
            categories: rows,
            tables: [matrixTable(models.matrix), slaTable, hoursTable, targetsTable, macrosTable, workflowTable])
    }

    func matrixTable(_ matrix: PriorityMatrix) -> SetupPageModel.Table {
        let source =
            matrix == self.matrix
            ? "config file: priority_matrix"
            : matrix == .defaults ? "defaults" : "models/matrix.json"
        func urgency(_ rule: MatrixRule) -> String {
            switch (rule.minUrgency, rule.maxUrgency) {
            case (nil, nil): "any"
            case (let low?, nil): "≥ \(low)"
            case (nil, let high?): "≤ \(high)"
            case (let low?, let high?): low == high ? "\(low)" : "\(low)–\(high)"
            }
        }
        func list(_ values: [String]?) -> String {
            guard let values, !values.isEmpty else { return "any" }
            return values.joined(separator: ", ")
        }
        var rows = matrix.rules.map { rule in
            [
                rule.name, list(rule.categories), urgency(rule), list(rule.sentiments?.map(\.rawValue)),
                rule.route.rawValue,
            ]
        }
        rows.append(["fallback", "any", "any", "any", matrix.fallback.rawValue])
        rows.append(["safety rule (always)", "any", "≥ 4", "any", "never ai_only: ai_draft_human_review"])
        rows.append([
            "safety rule (always)", ClassifierModel.unknownLabel, "any", "any", "never ai_only: ai_draft_human_review",
        ])
        return SetupPageModel.Table(
            id: "matrix", title: "Priority matrix (first matching rule wins)", source: source,
            headers: ["Rule", "Categories", "Urgency", "Sentiments", "Route"], rows: rows)
    }

    var slaTable: SetupPageModel.Table {
        let who: [SLAPolicy.Priority: String] = [
            .p1: "urgency 5, or routed to a person now",
            .p2: "urgency 4, negative or urgent sentiment, or escalation risk", .p3: "everything else",
        ]
        let rows = SLAPolicy.Priority.allCases.map { priority in
            [priority.rawValue, who[priority] ?? "", Self.duration(sla.targets[priority] ?? 0)]
        }
        return SetupPageModel.Table(
            id: "sla", title: "SLA: first answer within",
            source: sla.targets == SLAPolicy.defaultTargets ? "defaults" : "config file: sla_minutes",
            headers: ["Priority", "Tickets", "Target"], rows: rows)
    }

    var hoursTable: SetupPageModel.Table {
        guard let hours = sla.businessHours else {
            return SetupPageModel.Table(
                id: "business-hours", title: "Business hours", source: "defaults",
                headers: ["Days", "Opens", "Closes", "Time zone"],
                rows: [["every day: SLA clocks run around the clock", "00:00", "24:00", "UTC"]])
        }
        let days = (1...7).filter(hours.weekdays.contains).map { BusinessHours.dayNames[$0 - 1] }
        return SetupPageModel.Table(
            id: "business-hours", title: "Business hours (SLA clocks count these only)",
            source: "config file: business_hours", headers: ["Days", "Opens", "Closes", "Time zone"],
            rows: [
                [
                    days.joined(separator: ", "), BusinessHours.clock(hours.opens), BusinessHours.clock(hours.closes),
                    hours.timeZone.identifier,
                ]
            ])
    }

    var targetsTable: SetupPageModel.Table {
        let rows = DashboardTargets.indicators.map { indicator in
            let levels = targets.levels(of: indicator.name)
            return [
                indicator.name, Self.level(levels.target, indicator.scale),
                (indicator.higherIsBetter ? "below " : "above ") + Self.level(levels.alertThreshold, indicator.scale),
                targets.overrides[indicator.name] == nil ? "default" : "config file",
            ]
        }
        return SetupPageModel.Table(
            id: "targets", title: "Dashboard targets", source: "defaults unless marked",
            headers: ["Indicator", "Target", "Alert when", "From"], rows: rows)
    }

    static func level(_ value: Double, _ scale: DashboardTargets.Scale) -> String {
        switch scale {
        case .ratio: String(format: "%.0f%%", value * 100)
        case .score: String(format: "%.1f / 5", value)
        case .seconds: duration(value)
        }
    }

    /// "45 s", "30 min", "4 h", "1 d 2 h".
    static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        if whole < 60 { return "\(whole) s" }
        let minutes = whole / 60
        if minutes < 60 || minutes % 60 != 0 && minutes < 600 {
            return minutes < 60 ? "\(minutes) min" : "\(minutes / 60) h \(minutes % 60) min"
        }
        let hours = minutes / 60
        if hours < 24 || hours % 24 != 0 { return hours < 24 ? "\(hours) h" : "\(hours / 24) d \(hours % 24) h" }
        return "\(hours / 24) d"
    }

    var macrosTable: SetupPageModel.Table {
        SetupPageModel.Table(
            id: "macros", title: "Saved replies (Alt+1 to Alt+9 in the reply box)",
            source: macros.isEmpty ? "none: add macros to the config file" : "config file: macros",
            headers: ["#", "Name", "Reply"],
            rows: macros.enumerated().map { [String($0.offset + 1), $0.element.name, $0.element.body] })
    }

    var workflowTable: SetupPageModel.Table {
        var rows = [
            [
                "Reopen window",
                "a reply within \(reopenDays) days of resolution reopens the ticket; later, a follow-up",
            ],
            [
                "Assignment",
                assignment.mode == .off
                    ? "off: people claim tickets"
                    : "round robin among people seen in the last \(assignment.onlineMinutes) min",
            ],
        ]
        for (category, people) in assignment.pools.sorted(by: { $0.key < $1.key }) {
            rows.append(["Pool: \(category)", people.joined(separator: ", ")])
        }
        let configured = reopenDays != FollowUpRule.defaultDays || assignment != AssignmentRules()
        return SetupPageModel.Table(
            id: "workflow", title: "Reopening and assignment",
            source: configured ? "config file: reopen_days, assignment" : "defaults",
            headers: ["Setting", "In force"], rows: rows)
    }
}
