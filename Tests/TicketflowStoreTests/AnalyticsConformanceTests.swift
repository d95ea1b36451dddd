import Foundation
import Testing
import TicketflowCore

/// Ratings, QA reviews and dashboard facts behave the same on both stores.
@Suite struct AnalyticsConformanceTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    /// A ticket with a customer message, then (optionally) an AI or agent reply and a follow-up.
    static func ticket(
        _ store: any ConformingStore, at date: Date, reply: MessageAuthor? = nil, followUp: Bool = false,
        status: TicketStatus = .triaged, route: Route = .aiOnly, category: String = "billing"
    ) async throws -> Int64 {
        var ticket = Ticket(
            id: 0, channel: .api, subject: "s", status: status, category: category, route: route, createdAt: date)
        if reply != nil { ticket.firstResponseAt = date.addingTimeInterval(12) }
        var messages = [NewMessage(author: .customer, body: "question", createdAt: date)]
        if let reply {
            messages.append(NewMessage(author: reply, body: "answer", createdAt: date.addingTimeInterval(12)))
        }
        if followUp {
            messages.append(NewMessage(author: .customer, body: "still broken", createdAt: date.addingTimeInterval(60)))
        }
        let trace = [
            TraceEntry(
                stage: "triage", input: "", output: "", engine: "t", engineVersion: "1", durationMs: 2, createdAt: date),
            TraceEntry(
                stage: "answering", input: "", output: "", engine: "t", engineVersion: "1", durationMs: 4,
                createdAt: date),
        ]
        return try await store.createTicket(
            TicketIntake(
                idempotencyKey: nil, requestFingerprint: nil, customer: nil, ticket: ticket, messages: messages,
                trace: trace)
        ).detail.ticket.id
    }

    @Test(arguments: StoreKind.allCases) func ratingsRecordWhoAnswered(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let unanswered = try await Self.ticket(store, at: Self.t0)
            await #expect(throws: Refusal.nothingToRate(unanswered)) {
                _ = try await store.addRating(ticketID: unanswered, score: 4, comment: nil, source: "api", at: Self.t0)
            }
            await #expect(throws: StoreError.self) {
                _ = try await store.addRating(ticketID: 999, score: 4, comment: nil, source: "api", at: Self.t0)
            }
            let byAI = try await Self.ticket(store, at: Self.t0, reply: .ai)
            let byAgent = try await Self.ticket(store, at: Self.t0, reply: .agent)
            let rating = try await store.addRating(
                ticketID: byAI, score: 5, comment: "great", source: "link", at: Self.t0)
            #expect(rating.answeredBy == .ai && rating.score == 5)
            _ = try await store.addRating(ticketID: byAgent, score: 3, comment: nil, source: "api", at: Self.t0)
            #expect(try await store.ratings(ticketID: byAI) == [rating])
            #expect(try await store.ratings(ticketID: byAgent).map(\.answeredBy) == [.human])
        }
    }

    @Test(arguments: StoreKind.allCases) func aRatingLinkCountsOnceEvenWhenClickedAtOnce(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let id = try await Self.ticket(store, at: Self.t0, reply: .ai)
            _ = try await store.addRating(ticketID: id, score: 2, comment: nil, source: "api", at: Self.t0)
            let stored = try await withThrowingTaskGroup(of: Rating?.self) { group in
                for score in 1...20 {
                    group.addTask {
                        try await store.addRatingIfFirst(
                            ticketID: id, score: score % 5 + 1, comment: nil, source: "link", at: Self.t0)
                    }
                }
                var stored: [Rating] = []
                for try await rating in group { if let rating { stored.append(rating) } }
                return stored
            }
            #expect(stored.count == 1, "twenty simultaneous clicks, one rating")
            let ratings = try await store.ratings(ticketID: id)
            #expect(ratings.filter { $0.source == "link" } == stored)
            #expect(ratings.filter { $0.source == "api" }.count == 1, "ratings from other sources do not block a link")
            await #expect(throws: StoreError.self) {
                _ = try await store.addRatingIfFirst(ticketID: 999, score: 4, comment: nil, source: "link", at: Self.t0)
            }
        }
    }

    @Test(arguments: StoreKind.allCases) func qaReviewsRoundTrip(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let id = try await Self.ticket(store, at: Self.t0, reply: .ai)
            let review = QAReview(
                ticketID: id, subject: "ai_answer", accuracy: 4, completeness: 7, tone: 9, actionability: 6,
                flags: [.hallucination, .policyViolation], notes: ["claims 60 days"], engine: "heuristic@1",
                createdAt: Self.t0)
            try await store.saveQAReview(review)
            #expect(try await store.qaReviews(since: Self.t0) == [review])
            #expect(try await store.qaReviews(since: Self.t0.addingTimeInterval(1)).isEmpty)
        }
    }

    @Test(arguments: StoreKind.allCases) func ticketFactsSummariseEachTicket(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            _ = try await Self.ticket(store, at: Self.t0.addingTimeInterval(-86_400))  // before the window
            let ai = try await Self.ticket(store, at: Self.t0, reply: .ai, status: .autoResolved)
            let reopened = try await Self.ticket(store, at: Self.t0, reply: .ai, followUp: true, status: .triaged)
            let human = try await Self.ticket(
                store, at: Self.t0, reply: .agent, status: .resolved, route: .humanNow, category: "account")
            _ = try await store.addRating(ticketID: ai, score: 5, comment: nil, source: "api", at: Self.t0)
            _ = try await store.addRating(ticketID: ai, score: 4, comment: nil, source: "api", at: Self.t0)
            _ = try await store.addRating(ticketID: human, score: 2, comment: nil, source: "api", at: Self.t0)
            try await store.saveQAReview(
                QAReview(
                    ticketID: ai, subject: "ai_answer", accuracy: 3, completeness: 5, tone: 5,
                    actionability: 5, flags: [.hallucination], notes: [], engine: "h", createdAt: Self.t0))
            try await store.saveQAReview(
                QAReview(
                    ticketID: ai, subject: "ai_answer", accuracy: 9, completeness: 8, tone: 8,
                    actionability: 8, flags: [], notes: [], engine: "h", createdAt: Self.t0))

            let counts = try await store.statusCounts()
            #expect(
                counts[.autoResolved] == 1 && counts[.triaged] == 2 && counts[.resolved] == 1 && counts[.closed] == 0)
            let facts = try await store.ticketFacts(since: Self.t0)
            #expect(facts.map(\.id) == [ai, reopened, human])
            let first = try #require(facts.first)
            #expect(first.aiMessages == 1 && first.agentMessages == 0 && first.customerMessagesAfterReply == 0)
            #expect(first.firstResponseAt == Self.t0.addingTimeInterval(12))
            #expect(first.csatAI == 4.5 && first.csatHuman == nil)
            #expect(first.aiAnswerAccurate == true, "the newest review wins")
            #expect(abs(first.pipelineMs - 6) < 1e-9)
            #expect(facts[1].customerMessagesAfterReply == 1)
            #expect(abs(facts[1].pipelineMs - 3) < 1e-9, "per customer message")
            #expect(facts[1].aiAnswerAccurate == nil)
            #expect(
                facts[2].agentMessages == 1 && facts[2].csatHuman == 2 && facts[2].route == .humanNow
                    && facts[2].category == "account")
        }
    }

    @Test(arguments: StoreKind.allCases) func heldQuestionsAreFoundByTheirReason(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let t0 = Date(timeIntervalSince1970: 1_800_000_000)
            func held(_ subject: String, reasons: String, at offset: Double) async throws -> Int64 {
                let at = t0.addingTimeInterval(offset)
                let ticket = Ticket(
                    id: 0, channel: .api, subject: subject, status: .awaitingReview, route: .aiOnly, createdAt: at)
                return try await store.createTicket(
                    TicketIntake(
                        idempotencyKey: nil, requestFingerprint: nil, customer: nil, ticket: ticket,
                        messages: [
                            NewMessage(author: .customer, body: "first \(subject)", createdAt: at),
                            NewMessage(author: .customer, body: "second", createdAt: at.addingTimeInterval(1)),
                        ],
                        trace: [
                            TraceEntry(
                                stage: "answering", input: "", output: "held", engine: "t", engineVersion: "1",
                                createdAt: at, details: ["reasons": reasons])
                        ])
                ).detail.ticket.id
            }
            _ = try await held("old gift card", reasons: "no_knowledge", at: -86_400)
            let gift = try await held("gift card", reasons: "no_knowledge", at: 10)
            _ = try await held("refund", reasons: "low_confidence", at: 20)
            let norway = try await held("norway", reasons: "route_requires_review,no_knowledge", at: 30)
            let found = try await store.heldQuestions(reason: "no_knowledge", since: t0, limit: 10)
            #expect(found.map(\.ticketID) == [norway, gift], "newest first, since t0, this reason only")
            #expect(found.last?.body == "first gift card" && found.last?.subject == "gift card")
            #expect(try await store.heldQuestions(reason: "no_knowledge", since: t0, limit: 1).count == 1)
        }
    }
}
