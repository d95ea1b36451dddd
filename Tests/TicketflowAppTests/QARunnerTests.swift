import Foundation
import Testing
import TicketflowApp
import TicketflowCore
import TicketflowTesting

/// The QA runner over a real SQLite store, knowledge base and (for the LLM
/// cases) the OpenAI stub server.
@Suite struct QARunnerTests {
    @Test func hallucinatedRefundPromiseIsFlaggedAndStored() async throws {
        try await withTestClient { _, services in
            try await QAFixtures.importKnowledge(services)
            let bad = try await QAFixtures.answeredTicket(services, answer: QAFixtures.hallucinated)
            let good = try await QAFixtures.answeredTicket(services, answer: QAFixtures.grounded)
            let report = try await services.qaRunner().run(since: Date().addingTimeInterval(-3600))
            #expect(report.reviewed == 2 && report.bySubject == ["ai_answer": 2])
            #expect(report.flagCounts["hallucination"] == 1 && report.flagCounts["policy_violation"] == 1)
            #expect(report.accurateShare == 0.5)
            #expect(report.flagged.map(\.ticketID) == [bad])
            let stored = try await services.store.qaReviews(since: Date().addingTimeInterval(-3600))
            let review = try #require(stored.first { $0.ticketID == bad })
            #expect(review.flags.contains(.hallucination) && review.flags.contains(.policyViolation))
            #expect(review.notes.contains { $0.contains("discount") }, "\(review.notes)")
            #expect(review.engine == "heuristic-qa@1")
            #expect(stored.first { $0.ticketID == good }?.flags == [])
            // The stored verdict feeds the dashboard's accuracy indicator.
            let summary = SupportMetrics.summarize(
                try await services.store.ticketFacts(since: .distantPast), since: .distantPast)
            #expect(summary.indicator("ai_answer_accuracy")?.value == 0.5)
        }
    }

    @Test func reRunningDoesNotDuplicateReviews() async throws {
        try await withTestClient { _, services in
            try await QAFixtures.importKnowledge(services)
            let id = try await QAFixtures.answeredTicket(services, answer: QAFixtures.hallucinated)
            let since = Date().addingTimeInterval(-3600)
            #expect(try await services.qaRunner().run(since: since).reviewed == 1)
            let again = try await services.qaRunner().run(since: since)
            #expect(again.reviewed == 0 && again.skipped == 1)
            #expect(try await services.store.qaReviews(since: since).filter { $0.ticketID == id }.count == 1)
            // A newer answer on the same ticket is reviewed on the next run; the old one is not again.
            _ = try await services.store.appendToTicket(
                TicketUpdate(
                    ticket: try #require(try await services.store.ticketDetail(id: id)).ticket,
                    messages: [
                        NewMessage(
                            author: .agent,
                            body: "Hi, annual plans can be refunded in full within 14 days of purchase.",
                            createdAt: Date())
                    ],
                    draft: nil, trace: []))
            let third = try await services.qaRunner().run(since: since)
            #expect(third.bySubject == ["human_answer": 1])
            #expect(third.flagCounts["unnecessary_escalation"] == 1)
        }
    }

    @Test func answersBeforeSinceAreLeftAlone() async throws {
        try await withTestClient { _, services in
            try await QAFixtures.importKnowledge(services)
            _ = try await QAFixtures.answeredTicket(
                services, answer: QAFixtures.hallucinated, at: Date().addingTimeInterval(-3 * 86_400))
            #expect(try await services.qaRunner().run(since: Date().addingTimeInterval(-86_400)).reviewed == 0)
        }
    }

    @Test func pendingDraftIsReviewedAsADraft() async throws {
        try await withTestClient { _, services in
            _ = try await services.seedReviewTicket()
            let report = try await services.qaRunner().run(since: Date().addingTimeInterval(-60))
            #expect(report.bySubject == ["ai_draft": 1])
        }
    }

    @Test func llmHighHallucinationRiskLowersAccuracyAndNamesTheEngine() async throws {
        let server = try await OpenAIStubServer.start(
            fallback: .reply(#"{"answer_quality": 6, "hallucination_risk": "high", "specificity": 3}"#))
        defer { server.stop() }
        try await withTestClient(configure: LLMPipelineTests.configure(server)) { _, services in
            try await QAFixtures.importKnowledge(services)
            _ = try await QAFixtures.answeredTicket(services, answer: QAFixtures.grounded)
            let report = try await services.qaRunner().run(since: Date().addingTimeInterval(-3600))
            // The heuristics find nothing wrong with this answer (QAReviewerTests); the LLM does.
            let review = try #require(report.flagged.first)
            #expect(review.accuracy <= 3 && review.flags == [.hallucination])
            #expect(review.notes.contains("the LLM judge rates hallucination risk high"))
            #expect(
                review.engine.hasPrefix("llm:stub-model/") && review.engine.hasSuffix("+heuristic"), "\(review.engine)")
            #expect(report.llmFallbacks == 0)
            // The customer's email never reaches the LLM.
            let sent = server.requests.map(\.body).joined()
            #expect(!sent.isEmpty && !sent.contains("dana.owner@example.org"))
        }
    }

    @Test func llmFailureFallsBackToTheHeuristicReview() async throws {
        let server = try await OpenAIStubServer.start(fallback: .status(500))
        defer { server.stop() }
        try await withTestClient(configure: LLMPipelineTests.configure(server)) { _, services in
            try await QAFixtures.importKnowledge(services)
            let id = try await QAFixtures.answeredTicket(services, answer: QAFixtures.hallucinated)
            let report = try await services.qaRunner().run(since: Date().addingTimeInterval(-3600))
            #expect(report.reviewed == 1 && report.llmFallbacks == 1)
            let review = try #require(
                try await services.store.qaReviews(since: .distantPast).first { $0.ticketID == id })
            #expect(review.engine == "heuristic-qa@1")
            #expect(review.flags.contains(.hallucination))
            #expect(review.notes.contains { $0.contains("LLM judge unavailable") })
            #expect(!server.requests.isEmpty)
        }
    }
}
