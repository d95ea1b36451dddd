import Foundation
import Testing
import TicketflowCore

/// The `--since` / `?since=` parsing of QA runs and listings.
@Suite struct QASinceTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func defaultIsTwentyFourHoursAgo() throws {
        #expect(try QASince.parse(nil, now: Self.now) == Self.now.addingTimeInterval(-86_400))
        #expect(try QASince.parse("  ", now: Self.now) == Self.now.addingTimeInterval(-86_400))
    }

    @Test func dayIsMidnightUTC() throws {
        #expect(
            try QASince.parse("2026-01-31", now: Self.now) == ISO8601DateFormatter().date(from: "2026-01-31T00:00:00Z"))
        #expect(
            try QASince.parse("2026-01-31T06:30:00Z", now: Self.now)
                == ISO8601DateFormatter().date(from: "2026-01-31T06:30:00Z"))
    }

    @Test(arguments: ["2026-02-30", "2026-13-01", "31/01/2026", "yesterday", "2026-1-5", "2026-01-31x"])
    func badDatesAreRefusedWithTheAcceptedForms(_ raw: String) {
        #expect {
            try QASince.parse(raw, now: Self.now)
        } throws: { error in
            guard let error = error as? ValidationError else { return false }
            return error.field == "since" && error.message.contains("YYYY-MM-DD") && error.message.contains(raw)
        }
    }

    @Test func reportAggregatesScoresFlagsAndAccuracy() {
        func review(_ id: Int64, _ subject: String, accuracy: Int, flags: [QAFlag]) -> QAReview {
            QAReview(
                ticketID: id, subject: subject, accuracy: accuracy, completeness: 6, tone: 8, actionability: 4,
                flags: flags, notes: [], engine: "t", createdAt: Self.now)
        }
        let report = QARunReport(
            since: Self.now,
            reviews: [
                review(1, "ai_answer", accuracy: 10, flags: []),
                review(2, "ai_answer", accuracy: 2, flags: [.hallucination, .policyViolation]),
                review(3, "human_answer", accuracy: 9, flags: [.unnecessaryEscalation]),
            ], skipped: 4)
        #expect(report.reviewed == 3 && report.skipped == 4)
        #expect(report.bySubject == ["ai_answer": 2, "human_answer": 1])
        #expect(report.mean?.accuracy == 7 && report.mean?.tone == 8)
        #expect(report.flagCounts == ["hallucination": 1, "policy_violation": 1, "unnecessary_escalation": 1])
        #expect(report.accurateShare == 0.5)
        #expect(report.flagged.map(\.ticketID) == [2, 3])
        #expect(QARunReport(since: Self.now, reviews: [], skipped: 0).mean == nil)
    }
}
