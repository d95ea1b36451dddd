import Foundation
import Logging
import Synchronization
import Testing
import TicketflowApp
import TicketflowCore
import TicketflowTesting

/// The nightly QA schedule: one run per UTC day however many nodes enqueue
/// and work, through the real work queue's dedupe key and leases.
@Suite struct QANightlyTests {
    /// Counts runs, standing in for nothing: the queue and workers are real.
    final class RunLog: Sendable {
        let sinces = Mutex<[Date]>([])
        func record(_ since: Date) { sinces.withLock { $0.append(since) } }
        var count: Int { sinces.withLock { $0.count } }
    }

    static func day(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test func twoNodesEnqueueAndWorkButTheNightRunsOnce() async throws {
        try await withTestClient { _, services in
            let log = RunLog()
            func node(_ name: String) -> DailyJob {
                QANightly.schedule(queue: services.store, hour: 2, runsJobs: true, logger: TestApp.logger) { since in
                    log.record(since)
                    return QARunReport(since: since, reviews: [], skipped: 0)
                }
            }
            let a = node("a"), b = node("b")
            let night = Self.day("2025-03-10T02:00:05Z")
            #expect(try await a.enqueueIfDue(at: Self.day("2025-03-10T01:59:00Z")) == false, "not due before the hour")
            let created = [
                try await a.enqueueIfDue(at: night), try await b.enqueueIfDue(at: night.addingTimeInterval(3)),
            ]
            #expect(created.filter { $0 }.count == 1)
            // A node restarted later that day enqueues nothing new.
            #expect(try await b.enqueueIfDue(at: Self.day("2025-03-10T18:00:00Z")) == false)
            let workers = [
                a.worker(workerID: "node-a", pollInterval: 0.01), b.worker(workerID: "node-b", pollInterval: 0.01),
            ]
            async let first = workers[0].runOnce()
            async let second = workers[1].runOnce()
            let reports = try await [first, second]
            #expect(reports.map(\.completed).reduce(0, +) == 1)
            let leftA = try await workers[0].runOnce().claimed, leftB = try await workers[1].runOnce().claimed
            #expect(leftA == 0 && leftB == 0)
            #expect(log.count == 1)
            #expect(
                log.sinces.withLock { $0 } == [Self.day("2025-03-09T02:00:00Z")], "the window is the day before the run"
            )
            // The next night is a new job.
            #expect(try await a.enqueueIfDue(at: Self.day("2025-03-11T02:00:00Z")))
            let next = try await workers[1].runOnce()
            #expect(next.completed == 1)
            #expect(log.count == 2)
        }
    }

    @Test func nextDueTimeIsTheComingHourUTC() {
        #expect(
            DailyJob.nextDueTime(after: Self.day("2026-03-10T01:00:00Z"), hour: 2) == Self.day("2026-03-10T02:00:00Z"))
        #expect(
            DailyJob.nextDueTime(after: Self.day("2026-03-10T02:00:00Z"), hour: 2) == Self.day("2026-03-11T02:00:00Z"))
        #expect(
            DailyJob.nextDueTime(after: Self.day("2026-03-10T23:30:00Z"), hour: 23) == Self.day("2026-03-11T23:00:00Z"))
        #expect(
            DailyJob.nextDueTime(after: Self.day("2026-12-31T12:00:00Z"), hour: 0) == Self.day("2027-01-01T00:00:00Z"))
        #expect(DailyJob.dedupeKey(QANightly.keyPrefix, for: Self.day("2026-03-10T23:30:00Z")) == "qa:2026-03-10")
        #expect(
            DailyJob.dedupeKey(NightlyRetrain.keyPrefix, for: Self.day("2026-03-10T00:30:00Z")) == "retrain:2026-03-10")
    }

    @Test func qaHourSettingParsesAndValidates() throws {
        #expect(try AppConfiguration.load(environment: [:]).qaHour == 2)
        #expect(try AppConfiguration.load(environment: ["TICKETFLOW_QA_HOUR": "off"]).qaHour == nil)
        #expect(try AppConfiguration.load(environment: ["TICKETFLOW_QA_HOUR": "5"]).qaHour == 5)
        #expect(throws: ConfigurationError.self) {
            try AppConfiguration.load(environment: ["TICKETFLOW_QA_HOUR": "noon"])
        }
        var configuration = AppConfiguration()
        configuration.qaHour = 24
        #expect(throws: ConfigurationError.self) { try configuration.validate() }
    }

    @Test func retrainHourSettingParsesAndValidates() throws {
        #expect(try AppConfiguration.load(environment: [:]).retrainHour == 3, "nightly retraining is on by default")
        #expect(try AppConfiguration.load(environment: ["TICKETFLOW_RETRAIN_HOUR": "off"]).retrainHour == nil)
        #expect(try AppConfiguration.load(environment: ["TICKETFLOW_RETRAIN_HOUR": "0"]).retrainHour == 0)
        #expect(throws: ConfigurationError.self) {
            try AppConfiguration.load(environment: ["TICKETFLOW_RETRAIN_HOUR": "3am"])
        }
        var configuration = AppConfiguration()
        configuration.retrainHour = -1
        #expect(throws: ConfigurationError.self) { try configuration.validate() }
    }
}
