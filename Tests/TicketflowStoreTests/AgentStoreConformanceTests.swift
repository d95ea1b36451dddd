import Foundation
import Testing
import TicketflowCore

/// The agent-console half of the store contract, on a real SQLite file and
/// a real PostgreSQL database.
@Suite struct AgentStoreConformanceTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    /// An open review ticket of customer `c1`, as intake stores it.
    static func openTicket(
        _ store: any ConformingStore, category: String = "billing", route: Route = .aiDraftHumanReview,
        status: TicketStatus = .awaitingReview, at date: Date = t0
    ) async throws -> TicketDetail {
        var intake = StoreConformanceTests.intake(customer: CustomerInput(externalID: "c1", name: "Ann"), at: date)
        intake.ticket.status = status
        intake.ticket.category = category
        intake.ticket.route = route
        return try await store.createTicket(intake).detail
    }

    static func change(
        _ detail: TicketDetail, actor: String, at date: Date, expect: Date? = nil, kind: AgentActionKind = .claim,
        feedback: [FeedbackRecord] = [], reply: String? = nil, status: TicketStatus? = nil
    ) -> AgentChange {
        var ticket = detail.ticket
        ticket.assignee = actor
        ticket.updatedAt = date
        if let status { ticket.status = status }
        return AgentChange(
            ticket: ticket, actor: actor, expectedUpdatedAt: expect,
            messages: reply.map { [NewMessage(author: .agent, body: $0, createdAt: date)] } ?? [], draft: nil,
            event: TicketEvent(
                id: 0, ticketID: ticket.id, kind: kind, actor: actor, details: ["k": "v"], createdAt: date),
            feedback: feedback)
    }

    @Test(arguments: StoreKind.allCases) func usersSessionsAndTokens(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let ann = try await store.createUser(
                email: "Ann@Example.com", name: "Ann", role: .admin, passwordHash: "h", at: Self.t0)
            #expect(ann.email == "ann@example.com" && ann.id > 0)
            await #expect(throws: StoreError(.conflict, "a user with email ann@example.com already exists")) {
                _ = try await store.createUser(
                    email: "ANN@example.com", name: "Other", role: .agent, passwordHash: "h", at: Self.t0)
            }
            #expect(try await store.user(email: "ANN@EXAMPLE.COM") == ann)
            #expect(try await store.users().map(\.email) == ["ann@example.com"])

            let session = AgentSession(
                tokenHash: "s1", userID: ann.id, csrfToken: "c1", createdAt: Self.t0,
                expiresAt: Self.t0.addingTimeInterval(3600))
            try await store.createSession(session)
            let found = try #require(try await store.session(tokenHash: "s1", at: Self.t0.addingTimeInterval(10)))
            #expect(found.0 == session && found.1 == ann)
            #expect(try await store.session(tokenHash: "s1", at: Self.t0.addingTimeInterval(3601)) == nil, "expired")
            try await store.deleteSession(tokenHash: "s1")
            #expect(try await store.session(tokenHash: "s1", at: Self.t0) == nil)

            let token = try await store.createAPIToken(
                name: "bridge", role: .api, channel: .email, tokenHash: "th", at: Self.t0)
            #expect(token.channel == .email)
            #expect(try await store.apiToken(tokenHash: "th") == token)
            #expect(try await store.apiToken(tokenHash: "nope") == nil)
            let other = try await store.createAPIToken(
                name: "script", role: .agent, channel: nil, tokenHash: "th2", at: Self.t0)
            #expect(try await store.apiTokens() == [token, other])
            #expect(try await store.deleteAPIToken(id: token.id))
            #expect(try await store.apiToken(tokenHash: "th") == nil, "revoked")
            #expect(try await store.deleteAPIToken(id: token.id) == false)
            #expect(try await store.apiTokens() == [other])
        }
    }

    @Test(arguments: StoreKind.allCases) func removingAUserEndsTheirSessionsButNeverTheLastAdmin(
        kind: StoreKind
    ) async throws {
        try await withStore(kind) { store in
            let lead = try await store.createUser(
                email: "lead@example.com", name: "Lead", role: .admin, passwordHash: "h", at: Self.t0)
            let bob = try await store.createUser(
                email: "bob@example.com", name: "Bob", role: .agent, passwordHash: "h", at: Self.t0)
            let later = Self.t0.addingTimeInterval(3600)
            try await store.createSession(
                AgentSession(tokenHash: "bob-0", userID: bob.id, csrfToken: "c", createdAt: Self.t0, expiresAt: later))
            #expect(try await store.setPasswordHash(email: "Bob@example.com", passwordHash: "h2"))
            #expect(try await store.user(email: "bob@example.com")?.passwordHash == "h2")
            #expect(try await store.session(tokenHash: "bob-0", at: Self.t0) == nil, "a reset ends the sessions")
            #expect(try await store.setPasswordHash(email: "nobody@example.com", passwordHash: "h") == false)
            try await store.createSession(
                AgentSession(tokenHash: "bob-1", userID: bob.id, csrfToken: "c", createdAt: Self.t0, expiresAt: later))
            #expect(try await store.deleteUser(email: "BOB@example.com")?.id == bob.id)
            #expect(try await store.session(tokenHash: "bob-1", at: Self.t0) == nil, "their session ended with them")
            #expect(try await store.user(email: "bob@example.com") == nil)
            #expect(try await store.deleteUser(email: "bob@example.com") == nil, "already gone")
            await #expect(throws: Refusal(.conflict, "lead@example.com is the last admin; make another admin first")) {
                _ = try await store.deleteUser(email: " Lead@Example.com")
            }
            #expect(try await store.users() == [lead], "the last admin stays")
            await #expect(throws: Refusal(.conflict, "lead@example.com is the last admin; make another admin first")) {
                _ = try await store.setRole(email: "lead@example.com", role: .agent)
            }
            #expect(try await store.user(email: "lead@example.com")?.role == .admin, "still an admin")
            #expect(try await store.setRole(email: "nobody@example.com", role: .admin) == nil)

            // Two admins removing each other at the same instant: one of them stays.
            _ = try await store.createUser(
                email: "second@example.com", name: "Second", role: .admin, passwordHash: "h", at: Self.t0)
            @Sendable func removed(_ email: EmailAddress) async -> Bool {
                (try? await store.deleteUser(email: email)) != nil
            }
            async let first = removed("lead@example.com")
            async let second = removed("second@example.com")
            let outcomes = await [first, second]
            #expect(outcomes.filter { $0 }.count == 1)
            #expect(try await store.users().filter { $0.role == .admin }.count == 1)
        }
    }

    @Test(arguments: StoreKind.allCases) func exactlyOneOfManyConcurrentClaimsWins(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let detail = try await Self.openTicket(store)
            let agents = (1...8).map { "agent\($0)@example.com" }
            let outcomes = try await withThrowingTaskGroup(of: String?.self) { group in
                for agent in agents {
                    group.addTask {
                        do {
                            _ = try await store.applyAgentChange(
                                Self.change(detail, actor: agent, at: Self.t0.addingTimeInterval(5)))
                            return agent
                        } catch let error as Refusal where error.code == .conflict {
                            return nil
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let winners = outcomes.compactMap { $0 }
            #expect(winners.count == 1)
            let stored = try #require(try await store.ticketDetail(id: detail.ticket.id))
            #expect(stored.ticket.assignee == winners.first)
            #expect(try await store.ticketEvents(ticketID: detail.ticket.id).map(\.actor) == winners)
        }
    }

    @Test(arguments: StoreKind.allCases) func agentChangeIsConditionalAndAtomic(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let detail = try await Self.openTicket(store)
            let t1 = Self.t0.addingTimeInterval(60)
            let feedback = FeedbackRecord(
                ticketID: detail.ticket.id, kind: .edit, originalDraft: "Draft", finalText: "Final",
                oldCategory: "billing", newCategory: "billing", oldUrgency: 3, newUrgency: 3,
                agent: "ann@example.com", createdAt: t1)
            let sent = try await store.applyAgentChange(
                Self.change(
                    detail, actor: "ann@example.com", at: t1, expect: detail.ticket.updatedAt, kind: .editAndSend,
                    feedback: [feedback], reply: "Final", status: .resolved))
            #expect(sent.ticket.status == .resolved && sent.ticket.assignee == "ann@example.com" && sent.draft == nil)
            #expect(sent.messages.map(\.body) == ["My invoice is wrong", "Final"])

            // Someone else, and a stale read by the holder: both refused, nothing written.
            await #expect(throws: Refusal(.conflict, "ticket \(detail.ticket.id) is assigned to ann@example.com")) {
                _ = try await store.applyAgentChange(
                    Self.change(sent, actor: "bob@example.com", at: t1.addingTimeInterval(1), reply: "Dup"))
            }
            await #expect(
                throws: Refusal(
                    .conflict, "ticket \(detail.ticket.id) changed since it was loaded; reload and try again")
            ) {
                _ = try await store.applyAgentChange(
                    Self.change(
                        detail, actor: "ann@example.com", at: t1.addingTimeInterval(2), expect: detail.ticket.updatedAt,
                        reply: "Again"))
            }
            await #expect(throws: StoreError(.notFound, "no ticket 999")) {
                var missing = detail
                missing.ticket.id = 999
                _ = try await store.applyAgentChange(Self.change(missing, actor: "ann@example.com", at: t1))
            }
            #expect(try await store.ticketDetail(id: detail.ticket.id)?.messages.count == 2)
            #expect(try await store.ticketEvents(ticketID: detail.ticket.id).map(\.kind) == [.editAndSend])
            #expect(try await store.ticketEvents(ticketID: detail.ticket.id).first?.details == ["k": "v"])

            // An admin override writes whoever holds it.
            var reassign = Self.change(sent, actor: "boss@example.com", at: t1.addingTimeInterval(3), kind: .assign)
            reassign.overrideAssignee = true
            #expect(try await store.applyAgentChange(reassign).ticket.assignee == "boss@example.com")

            let records = try await store.feedbackRecords(since: t1, limit: 10)
            #expect(records.count == 1)
            var expected = feedback
            expected.id = records[0].id
            #expect(records[0] == expected)
            #expect(try await store.feedbackRecords(since: t1.addingTimeInterval(1), limit: 10).isEmpty)
        }
    }

    @Test(arguments: StoreKind.allCases) func reviewQueueFiltersOpenTickets(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let a = try await Self.openTicket(store, category: "billing", at: Self.t0.addingTimeInterval(20))
            let b = try await Self.openTicket(
                store, category: "technical", route: .humanNow, status: .escalated, at: Self.t0)
            _ = try await Self.openTicket(store, category: "billing", route: .aiOnly, status: .autoResolved)
            #expect(
                try await store.reviewQueue(ReviewQueueQuery()).map(\.id) == [b.ticket.id, a.ticket.id],
                "open only, oldest first")
            #expect(try await store.reviewQueue(ReviewQueueQuery(route: .humanNow)).map(\.id) == [b.ticket.id])
            #expect(try await store.reviewQueue(ReviewQueueQuery(category: "billing")).map(\.id) == [a.ticket.id])
            // A queue: a set of categories.
            func queue(_ categories: [String]) async throws -> [Int64] {
                var query = ReviewQueueQuery()
                query.categories = categories
                return try await store.reviewQueue(query).map(\.id)
            }
            #expect(try await queue(["technical", "shipping"]) == [b.ticket.id])
            #expect(try await queue(["technical", "billing"]) == [b.ticket.id, a.ticket.id])
            #expect(try await queue(["shipping"]).isEmpty)
            #expect(try await queue([]).isEmpty, "a queue without categories holds nothing")
            _ = try await store.applyAgentChange(
                Self.change(a, actor: "ann@example.com", at: Self.t0.addingTimeInterval(30)))
            #expect(try await store.reviewQueue(ReviewQueueQuery(assignee: .unassigned)).map(\.id) == [b.ticket.id])
            #expect(
                try await store.reviewQueue(ReviewQueueQuery(assignee: .user("ann@example.com"))).map(\.id) == [
                    a.ticket.id
                ])
            #expect(try await store.reviewQueue(ReviewQueueQuery(limit: 1)).count == 1)
            let customer = try #require(a.ticket.customerID)
            #expect(try await store.customerTicketCount(customerID: customer, since: Self.t0) == 3)
            #expect(
                try await store.customerTicketCount(customerID: customer, since: Self.t0.addingTimeInterval(1)) == 1)
        }
    }

    @Test(arguments: StoreKind.allCases) func escalationPackagesAreStoredPerTicket(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let detail = try await Self.openTicket(store)
            #expect(try await store.escalationPackage(ticketID: detail.ticket.id) == nil)
            var package = EscalationPackage(
                ticketID: detail.ticket.id, builtAt: Self.t0, ticketUpdatedAt: detail.ticket.updatedAt,
                customer: .init(name: "Ann", plan: nil, ticketsLast30Days: 1, lifetimeValue: nil),
                classification: .init(
                    category: "billing", categoryConfidence: 0.9, sentiment: .negative, urgency: 3,
                    escalationRisk: false, reason: "r"),
                aiAttempt: .init(
                    answersTried: 1, failureReason: .lowConfidence, reasons: ["low_confidence"], confidence: 0.5,
                    retrievedArticles: ["Refunds"]),
                suggestedResponse: detail.draft, recommendedAction: "Review", summary: ["a", "b", "c"])
            try await store.saveEscalationPackage(package)
            #expect(try await store.escalationPackage(ticketID: detail.ticket.id) == package)
            package.recommendedAction = "Replaced"
            package.builtAt = Self.t0.addingTimeInterval(1)
            try await store.saveEscalationPackage(package)
            #expect(try await store.escalationPackage(ticketID: detail.ticket.id) == package)
        }
    }

    @Test(arguments: StoreKind.allCases) func notesAreFoundByWhoTheyMention(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let first = try await Self.openTicket(store)
            let second = try await Self.openTicket(store, at: Self.t0.addingTimeInterval(60))
            func note(_ detail: TicketDetail, _ text: String, mentions: [String], at offset: Double) -> AgentChange {
                var change = Self.change(detail, actor: "ann@example.com", at: Self.t0.addingTimeInterval(offset))
                change.ticket = detail.ticket
                change.overrideAssignee = true
                change.event = TicketEvent(
                    id: 0, ticketID: detail.ticket.id, kind: .note, actor: "ann@example.com",
                    details: ["note": text, "mentions": mentions.joined(separator: ",")],
                    createdAt: Self.t0.addingTimeInterval(offset))
                return change
            }
            _ = try await store.applyAgentChange(note(first, "@bo see this", mentions: ["bo@example.com"], at: 100))
            _ = try await store.applyAgentChange(
                note(second, "write to bo@example.com, cc @cy", mentions: ["cy@example.com"], at: 200))
            _ = try await store.applyAgentChange(
                note(second, "@bo @cy both", mentions: ["bo@example.com", "cy@example.com"], at: 300))
            let bo = try await store.notes(mentioning: "bo@example.com", limit: 10)
            #expect(bo.map(\.details["note"]) == ["@bo @cy both", "@bo see this"], "exact mentions, newest first")
            #expect(
                try await store.notes(mentioning: "cy@example.com", limit: 1).map(\.details["note"]) == ["@bo @cy both"]
            )
            #expect(try await store.notes(mentioning: "b_@example.com", limit: 10).isEmpty, "no wildcard match")
            // JSON stores "/" as "\/": an address with one was never found.
            _ = try await store.applyAgentChange(note(first, "@dee", mentions: ["d/e@example.com"], at: 400))
            #expect(try await store.notes(mentioning: "d/e@example.com", limit: 10).map(\.details["note"]) == ["@dee"])
            #expect(try await store.ticketDetail(id: first.ticket.id)?.messages.count == 1, "a note is no message")
        }
    }

    @Test(arguments: StoreKind.allCases) func theSLAStartSurvivesEveryWrite(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let detail = try await Self.openTicket(store)
            #expect(detail.ticket.slaStartedAt == nil)
            var parked = Self.change(detail, actor: "ann@example.com", at: Self.t0.addingTimeInterval(60))
            parked.ticket.status = .pending
            let afterAgent = try await store.applyAgentChange(parked)
            #expect(afterAgent.ticket.status == .pending)
            var back = afterAgent.ticket
            back.status = .awaitingReview
            back.slaStartedAt = Self.t0.addingTimeInterval(3600)
            back.updatedAt = Self.t0.addingTimeInterval(3600)
            let updated = try await store.appendToTicket(
                TicketUpdate(
                    ticket: back,
                    messages: [NewMessage(author: .customer, body: "here it is", createdAt: Self.t0 + 3600)], trace: [])
            )
            #expect(updated.ticket.slaStartedAt == Self.t0.addingTimeInterval(3600))
            #expect(try await store.ticketDetail(id: detail.ticket.id)?.ticket.slaStartedAt == Self.t0 + 3600)
            var claimed = Self.change(updated, actor: "ann@example.com", at: Self.t0.addingTimeInterval(4000))
            claimed.ticket.slaStartedAt = Self.t0.addingTimeInterval(3900)
            #expect(try await store.applyAgentChange(claimed).ticket.slaStartedAt == Self.t0 + 3900)
            let queue = try await store.reviewQueue(ReviewQueueQuery())
            #expect(queue.first?.slaStartedAt == Self.t0 + 3900)
        }
    }
}
