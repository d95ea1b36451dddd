import Foundation
import Testing
import TicketflowCore

/// The dashboard math on a hand-made history of ten tickets.
@Suite struct SupportMetricsTests {
    static let day = Date(timeIntervalSince1970: 1_800_000_000)  // 2027-01-15 UTC

    static func history() -> [TicketFacts] {
        var facts: [TicketFacts] = []
        // 6 answered by the AI alone (first response 2 s), one of them followed up by the customer.
        for i in 0..<6 {
            facts.append(
                TicketFacts(
                    id: Int64(i + 1), createdAt: day, firstResponseAt: day.addingTimeInterval(2),
                    resolvedAt: day.addingTimeInterval(2), status: .autoResolved, route: .aiOnly, category: "billing",
                    aiMessages: 1, customerMessagesAfterReply: i == 0 ? 1 : 0, pipelineMs: Double(i + 1),
                    csatAI: i < 4 ? 4 : nil, aiAnswerAccurate: i < 5 ? true : false))
        }
        // 3 answered by agents after 100 s; 1 still escalated.
        for i in 0..<3 {
            facts.append(
                TicketFacts(
                    id: Int64(i + 7), createdAt: day.addingTimeInterval(86_400),
                    firstResponseAt: day.addingTimeInterval(86_500),
                    resolvedAt: day.addingTimeInterval(86_400 + 3600), status: .resolved, route: .aiDraftHumanReview,
                    category: "technical", agentMessages: 1, pipelineMs: 10, csatHuman: 5))
        }
        facts.append(
            TicketFacts(
                id: 10, createdAt: day.addingTimeInterval(86_400), status: .escalated, route: .humanNow,
                category: "technical", pipelineMs: 20))
        return facts
    }

    @Test func ratesTimesAndStatesFromAKnownHistory() throws {
        let summary = SupportMetrics.summarize(Self.history(), since: Self.day)
        #expect(summary.tickets == 10)
        let auto = try #require(summary.indicator("auto_resolution_rate"))
        #expect(auto.value == 0.6)
        #expect(auto.state == .warning)  // target 0.65, alert below 0.50
        #expect(summary.indicator("human_escalation_rate")?.value == 0.4)
        #expect(summary.indicator("human_escalation_rate")?.state == .warning)  // target 0.35, alert above 0.45
        #expect(summary.indicator("ai_answer_accuracy")?.value == 5.0 / 6.0)
        #expect(summary.indicator("ai_answer_accuracy")?.state == .alert)  // below 0.85
        #expect(summary.indicator("csat_ai")?.value == 4)
        #expect(summary.indicator("csat_ai")?.state == .warning)
        #expect(summary.indicator("csat_human")?.value == 5)
        #expect(summary.indicator("csat_human")?.state == .ok)
        // First responses: six of 2 s, three of 100 s → median 2 s.
        #expect(summary.indicator("first_response_seconds_p50")?.value == 2)
        #expect(summary.indicator("first_response_seconds_p50")?.state == .ok)
        // Reopen: 1 of the 9 answered tickets.
        #expect(summary.indicator("reopen_rate")?.value == 1.0 / 9.0)
        #expect(summary.resolutionSecondsP50 == 2)
        // Pipeline: 1,2,3,4,5,6,10,10,10,20 → p50 5, p95 20, p99 20.
        #expect(summary.pipelineMsP50 == 5 && summary.pipelineMsP95 == 20 && summary.pipelineMsP99 == 20)
        #expect(summary.byCategory == ["billing": 6, "technical": 4])
        #expect(summary.byRoute == ["ai_only": 6, "ai_draft_human_review": 3, "human_now": 1])
        #expect(summary.byDay == ["2027-01-15": 6, "2027-01-16": 4])
        #expect(summary.byDayAndRoute["2027-01-16"] == ["ai_draft_human_review": 3, "human_now": 1])
    }

    @Test func aTeamsTargetsJudgeTheSameFigures() throws {
        let targets = DashboardTargets(overrides: [
            "auto_resolution_rate": .init(target: 0.55, alertThreshold: 0.4),
            "ai_answer_accuracy": .init(target: 0.95, alertThreshold: 0.9),
        ])
        let summary = SupportMetrics.summarize(Self.history(), since: Self.day, targets: targets)
        let auto = try #require(summary.indicator("auto_resolution_rate"))
        #expect(auto.value == 0.6 && auto.target == 0.55 && auto.alertThreshold == 0.4 && auto.state == .ok)
        #expect(summary.indicator("ai_answer_accuracy")?.state == .alert)
        #expect(summary.indicator("csat_ai")?.target == 4.2, "indicators the team left alone keep the defaults")
        #expect(summary.indicators.map(\.name) == DashboardTargets.indicators.map(\.name))
    }

    @Test func targetsOffTheirScaleOrOnTheWrongSideAreNamed() {
        #expect(DashboardTargets.problem(name: "csat_ai", levels: .init(target: 4, alertThreshold: 3.5)) == nil)
        #expect(
            DashboardTargets.problem(name: "first_response_seconds_p50", levels: .init(target: 60, alertThreshold: 30))
                == "alert 30.0 must not be below target 60.0: lower is better")
        #expect(
            DashboardTargets.problem(name: "csat_human", levels: .init(target: 6, alertThreshold: 4))
                == "target 6.0 is outside the score_1_5 scale")
        #expect(
            DashboardTargets.problem(name: "nps", levels: .init(target: 1, alertThreshold: 0))?.hasPrefix("unknown")
                == true)
    }

    @Test func noTicketsMeansNoDataNotZero() throws {
        let summary = SupportMetrics.summarize([], since: Self.day)
        #expect(summary.indicators.allSatisfy { $0.value == nil && $0.state == .noData })
        let json = String(decoding: try JSONEncoder().encode(summary.indicators[0]), as: UTF8.self)
        #expect(json.contains("\"state\":\"no_data\"") && json.contains("\"value\":null"))
    }
}
