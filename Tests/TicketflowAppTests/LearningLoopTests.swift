import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TicketflowApp
import TicketflowCore
import TicketflowEscalation
import TicketflowLearning
import TicketflowTesting
import TicketflowTriage

/// Relabels in the store retrain the category model, which reaches every node.
@Suite struct LearningLoopTests {
    static let giftQuestions = [
        "How do I redeem my gift card?", "My gift card balance is wrong", "Can I buy a gift card for a friend?",
        "The gift card code does not work", "Where do I enter a gift voucher?", "Does my gift card expire?",
        "I lost my e-gift card email", "Can I combine two gift cards?", "How much is left on my gift voucher?",
        "Gift certificate not accepted at checkout", "Send a gift card by email", "Gift code already used",
        "Can I get cash for a gift card?", "Gift card shows zero balance", "Where is my gift voucher PIN?",
        "My gift card was declined", "Buy gift cards in bulk", "Gift card for a different country",
        "I want to return a gift card", "The gift voucher expired yesterday",
    ]

    /// Opens each ticket and relabels it to `gift_cards` through the agent desk, as the console does.
    static func relabelGiftTickets(_ services: AppServices) async throws {
        let agent = AgentActor(id: "lee@example.com", name: "Lee", role: .agent)
        for question in giftQuestions {
            let detail = try await services.tickets.intake(IntakeRequest(body: question)).detail
            _ = try await services.desk.perform(
                .relabel(category: "gift_cards", urgency: nil), on: detail.ticket.id, by: agent)
        }
    }

    @Test func retrainLearnsTheRelabelsSwapsAndAnotherNodePicksItUp() async throws {
        try await withTemporaryDirectory { dir in
            let first = try await TestApp.services(dataDirectory: dir) { $0.answerMode = .inline }
            try await Self.relabelGiftTickets(first)
            let loop = LearningLoop(store: first.store, engines: first.engines)
            #expect(try await loop.relabels().count == Self.giftQuestions.count)

            // A second node on the same store, running, with its reloader.
            let second = try await TestApp.services(dataDirectory: dir) { $0.answerMode = .inline }
            let before = second.engines.triage.models.category.header.version
            try await TestApp.application(second).test(.live) { _ in
                let report = try await loop.retrain()
                #expect(report.swapped, "\(report)")
                #expect(report.newAccuracy > report.oldAccuracy)
                #expect(first.engines.triage.triage("How do I redeem my gift card?").category == "gift_cards")
                var version = before
                for _ in 0..<300 where version == before {
                    try await Task.sleep(for: .milliseconds(100))
                    version = second.engines.triage.models.category.header.version
                }
                #expect(version == report.newModelVersion, "the other node swapped it in without a restart")
            }
            #expect(try loop.history().map(\.swapped) == [true])

            // A node started later loads the published model from the store.
            let third = try await TestApp.services(dataDirectory: dir)
            #expect(third.engines.triage.models.category.labels.contains("gift_cards"))
        }
    }

    @Test func retrainWithoutRelabelsIsAClearError() async throws {
        try await withTemporaryDirectory { dir in
            let services = try await TestApp.services(dataDirectory: dir)
            await #expect(throws: (any Error).self) {
                _ = try await LearningLoop(store: services.store, engines: services.engines).retrain()
            }
        }
    }

    @Test func theNightlyJobRetrainsOnNewRelabelsOnlyAndANightWithoutAnyIsNotAFailure() async throws {
        try await withTemporaryDirectory { dir in
            let services = try await TestApp.services(dataDirectory: dir) { $0.answerMode = .inline }
            let loop = LearningLoop(store: services.store, engines: services.engines)
            let nightly = NightlyRetrain.schedule(
                queue: services.store, hour: 3, runsJobs: true, logger: TestApp.logger, loop: loop)
            let worker = nightly.worker(workerID: "node-a", pollInterval: 0.01)
            let day = 86_400.0
            let first = ISO8601DateFormatter().date(from: "2026-03-10T03:00:05Z")!
            let starter = services.engines.triage.models.category.header.version

            // No relabels yet: the job completes and changes nothing.
            #expect(try await nightly.enqueueIfDue(at: first))
            let empty = try await worker.runOnce()
            #expect(empty.completed == 1 && empty.retried == 0 && empty.deadLettered == 0)
            #expect(services.engines.triage.models.category.header.version == starter)

            // Relabels during the day: the next night learns them and swaps the model in.
            try await Self.relabelGiftTickets(services)
            #expect(try await nightly.enqueueIfDue(at: first.addingTimeInterval(day)))
            #expect(try await worker.runOnce().completed == 1)
            let learned = services.engines.triage.models.category.header.version
            #expect(learned != starter)
            #expect(services.engines.triage.triage("How do I redeem my gift card?").category == "gift_cards")

            // A night with no new relabels keeps the model it has.
            #expect(try await nightly.enqueueIfDue(at: first.addingTimeInterval(2 * day)))
            #expect(try await worker.runOnce().completed == 1)
            #expect(services.engines.triage.models.category.header.version == learned)
            let history = try loop.history()
            #expect(history.map(\.swapped) == [true, false])
            #expect(history.last?.decision.contains("none since") == true)
        }
    }
}
