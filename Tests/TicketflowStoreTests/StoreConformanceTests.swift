import Foundation
import Testing
import TicketflowCore
import TicketflowKnowledge
import TicketflowPostgres
import TicketflowSQLite

/// The store contract, run against a real SQLite file and a real PostgreSQL
/// database: both stores must behave the same for every caller.
@Suite struct StoreConformanceTests {
    static func intake(
        _ body: String = "My invoice is wrong", key: String? = nil, fingerprint: String? = nil,
        externalID: String? = nil, customer: CustomerInput? = nil,
        at date: Date = Date(timeIntervalSince1970: 1_800_000_000)
    ) -> TicketIntake {
        let ticket = Ticket(
            id: 0, externalID: externalID, channel: .email, subject: "Invoice", status: .triaged,
            category: "billing", categoryConfidence: 0.9, sentiment: .negative, urgency: 3,
            route: .aiOnly, tags: ["vip"], createdAt: date)
        return TicketIntake(
            idempotencyKey: key, requestFingerprint: fingerprint, customer: customer, ticket: ticket,
            messages: [NewMessage(author: .customer, body: body, createdAt: date)],
            draft: AnswerDraft(
                body: "Draft", citations: [Citation(articleID: "a1", title: "Refunds")], confidence: 0.5,
                reasons: ["low_confidence"]),
            trace: [
                TraceEntry(
                    stage: "triage", input: "text", output: "billing", score: 0.9, engine: "test",
                    engineVersion: "1", durationMs: 0.5, createdAt: date, details: ["cell": "x"])
            ])
    }

    @Test(arguments: StoreKind.allCases) func writesAndReadsBackEveryField(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let customer = CustomerInput(
                externalID: "c1", name: "Ann", email: "ann@example.com", plan: "pro", lifetimeValue: 99.5, locale: "en")
            let result = try await store.createTicket(Self.intake(customer: customer))
            #expect(result.created)
            let detail = try #require(try await store.ticketDetail(id: result.detail.ticket.id))
            #expect(detail == result.detail)
            #expect(detail.ticket.category == "billing")
            #expect(detail.ticket.tags == ["vip"])
            #expect(detail.ticket.createdAt == Date(timeIntervalSince1970: 1_800_000_000))
            #expect(detail.customer?.lifetimeValue == 99.5)
            #expect(detail.messages.map(\.body) == ["My invoice is wrong"])
            #expect(detail.draft?.citations.first?.title == "Refunds")
            #expect(detail.trace.first?.details == ["cell": "x"])
        }
    }

    @Test(arguments: StoreKind.allCases) func articlesReadBackEveryField(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let at = Date(timeIntervalSince1970: 1_800_000_000)
            let refunds = Article(
                id: "refunds", title: "Refunds", category: "billing", tags: ["money", "policy"],
                body: "# Refunds\n\nWithin 30 days.", source: "help/refunds.md", updatedAt: at, version: 2)
            let hours = Article(
                id: "hours", title: "Opening hours", body: "9 to 5.", source: "help/hours.md", updatedAt: at)
            try await store.apply(ImportPlan(create: [refunds, hours]))
            #expect(try await store.articles() == [hours, refunds])
            #expect(try await store.article(id: "refunds") == refunds)
            #expect(try await store.article(id: "missing") == nil)
            #expect(try await store.deleteArticles(ids: ["hours", "missing"]) == 1)
            #expect(try await store.articles() == [refunds])
        }
    }

    @Test(arguments: StoreKind.allCases) func survivesReopening(kind: StoreKind) async throws {
        try await StoreFixture.with(kind) { fixture in
            let id = try await fixture.open { try await $0.createTicket(Self.intake()).detail.ticket.id }
            try await fixture.open { reopened async throws in
                #expect(try await reopened.ticketDetail(id: id)?.messages.count == 1)
                // Later migrations may follow; these are the ones every store must have, in order.
                #expect(try await reopened.migrationNames().prefix(2) == ["v1-tickets", "v2-jobs"])
            }
        }
    }

    @Test(arguments: StoreKind.allCases) func idempotencyKeyReturnsTheFirstTicket(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let first = try await store.createTicket(Self.intake(key: "k1", fingerprint: "f"))
            let again = try await store.createTicket(Self.intake(key: "k1", fingerprint: "f"))
            #expect(!again.created)
            #expect(again.detail.ticket.id == first.detail.ticket.id)
            #expect(try await store.ticketCount() == 1)
            await #expect(
                throws: Refusal(.conflict, "Idempotency-Key 'k1' was already used with a different request body")
            ) {
                try await store.createTicket(Self.intake("other", key: "k1", fingerprint: "g"))
            }
        }
    }

    /// The store primitive only reports what matched; Core's `IntakeReplay` decides. A reused key
    /// wins over an external id, and a repeat found by external id alone is a replay whatever its body.
    @Test(arguments: StoreKind.allCases) func insertReportsHowARepeatMatched(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let storage = try #require(store as? any TicketStorage)
            let byKey = try await store.createTicket(Self.intake(key: "k1", fingerprint: "f", externalID: "zd-1"))
            let other = try await store.createTicket(Self.intake(externalID: "zd-2"))
            guard
                case .existing(let keyed) = try await storage.insertTicket(
                    Self.intake(key: "k1", fingerprint: "g", externalID: "zd-2"))
            else { Issue.record("a reused key must find its ticket"); return }
            #expect(keyed.matchedBy == .idempotencyKey && keyed.requestFingerprint == "f")
            #expect(keyed.detail.ticket.id == byKey.detail.ticket.id)
            guard
                case .existing(let external) = try await storage.insertTicket(
                    Self.intake("changed", key: "k2", fingerprint: "h", externalID: "zd-2"))
            else { Issue.record("a known external id must find its ticket"); return }
            #expect(external.matchedBy == .externalID && external.detail.ticket.id == other.detail.ticket.id)
            let replay = try await store.createTicket(
                Self.intake("changed", key: "k2", fingerprint: "h", externalID: "zd-2"))
            #expect(!replay.created && replay.detail.ticket.id == other.detail.ticket.id)
            #expect(try await store.ticketCount() == 2)
        }
    }

    @Test(arguments: StoreKind.allCases) func externalIDDeduplicates(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let first = try await store.createTicket(Self.intake(externalID: "zd-1"))
            let again = try await store.createTicket(Self.intake("redelivered", externalID: "zd-1"))
            #expect(!again.created && again.detail.ticket.id == first.detail.ticket.id)
            #expect(again.detail.messages.map(\.body) == ["My invoice is wrong"])
        }
    }

    @Test(arguments: StoreKind.allCases) func customersAreMatchedAndUpdated(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let a = try await store.createTicket(
                Self.intake(customer: CustomerInput(externalID: "c1", name: "Ann", plan: "free")))
            let b = try await store.createTicket(Self.intake(customer: CustomerInput(externalID: "c1", plan: "pro")))
            #expect(a.detail.customer?.id == b.detail.customer?.id)
            #expect(b.detail.customer?.name == "Ann")
            #expect(b.detail.customer?.plan == "pro")
            let anonymous = try await store.createTicket(Self.intake(customer: CustomerInput(name: "Nobody")))
            #expect(anonymous.detail.customer == nil)
        }
    }

    /// A customer stored with "Ann@Example.COM" (as intake stored emails before it lower-cased them)
    /// is the customer a later ann@example.com mail belongs to.
    @Test(arguments: StoreKind.allCases) func customersAreMatchedByEmailWithoutCase(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let first = try await store.createTicket(Self.intake(customer: CustomerInput(email: "Ann@Example.COM")))
            let mail = try await store.createTicket(
                Self.intake("Again", customer: CustomerInput(name: "Ann", email: "ann@example.com")))
            #expect(first.detail.customer?.id == mail.detail.customer?.id)
            #expect(mail.detail.customer?.email == "ann@example.com" && mail.detail.customer?.name == "Ann")
            let other = try await store.createTicket(Self.intake(customer: CustomerInput(email: "bob@example.com")))
            #expect(other.detail.customer?.id != first.detail.customer?.id)
        }
    }

    @Test(arguments: StoreKind.allCases) func pagesNewestFirstWithFilters(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            var ids: [Int64] = []
            for index in 0..<7 {
                var intake = Self.intake("ticket \(index)")
                if index.isMultiple(of: 2) { intake.ticket.category = "technical"; intake.ticket.route = .humanNow }
                ids.append(try await store.createTicket(intake).detail.ticket.id)
            }
            var seen: [Int64] = []
            var before: Int64?
            repeat {
                let page = try await store.listTickets(TicketQuery(limit: 3, before: before))
                #expect(page.tickets.count <= 3)
                seen += page.tickets.map(\.id)
                before = page.nextBefore
            } while before != nil
            #expect(seen == ids.reversed())
            let technical = try await store.listTickets(TicketQuery(category: "technical"))
            #expect(technical.tickets.count == 4)
            let human = try await store.listTickets(TicketQuery(route: .humanNow, limit: 2))
            #expect(human.tickets.count == 2 && human.nextBefore != nil)
            #expect(try await store.listTickets(TicketQuery(status: .closed)).tickets.isEmpty)
        }
    }

    @Test(arguments: StoreKind.allCases) func appendUpdatesTicketAtomically(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            var ticket = try await store.createTicket(Self.intake()).detail.ticket
            ticket.status = .escalated
            ticket.urgency = 5
            let later = Date(timeIntervalSince1970: 1_800_000_100)
            ticket.updatedAt = later
            let detail = try await store.appendToTicket(
                TicketUpdate(
                    ticket: ticket, messages: [NewMessage(author: .customer, body: "Any news?", createdAt: later)],
                    trace: [
                        TraceEntry(
                            stage: "routing", input: "", output: "human_now", engine: "t", engineVersion: "1",
                            createdAt: later)
                    ]))
            #expect(detail.ticket.status == .escalated && detail.ticket.urgency == 5)
            #expect(detail.messages.map(\.body) == ["My invoice is wrong", "Any news?"])
            #expect(detail.trace.map(\.stage) == ["triage", "routing"])
            #expect(detail.draft == nil)
            ticket.id = 999
            await #expect(throws: StoreError.self) {
                try await store.appendToTicket(
                    TicketUpdate(
                        ticket: ticket, messages: [NewMessage(author: .customer, body: "x", createdAt: later)],
                        trace: []))
            }
            // The failed append wrote nothing.
            #expect(try await store.ticketDetail(id: 999) == nil)
        }
    }

    @Test(arguments: StoreKind.allCases) func concurrentWritersLoseNothing(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            // 8 writers, 25 tickets each, half of them sent twice with the same key.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<8 {
                    group.addTask {
                        for index in 0..<25 {
                            let key = "w\(writer)-\(index)"
                            _ = try await store.createTicket(Self.intake(key: key, fingerprint: "f"))
                            if index.isMultiple(of: 2) {
                                _ = try await store.createTicket(Self.intake(key: key, fingerprint: "f"))
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await store.ticketCount() == 200)
        }
    }

    @Test(arguments: StoreKind.allCases) func timestampsRoundTripExactly(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            // Sub-microsecond fractions: a store that rounds would break Ticket equality.
            let created = Date(timeIntervalSince1970: 1_800_000_000.123_456_7)
            var intake = Self.intake(at: created)
            intake.ticket.firstResponseAt = Date(timeIntervalSince1970: 1_800_000_001.000_001)
            let stored = try await store.createTicket(intake).detail
            #expect(stored.ticket.createdAt == created)
            #expect(stored.ticket.firstResponseAt == intake.ticket.firstResponseAt)
            #expect(stored.messages.first?.createdAt == created)
            #expect(try await store.ticketDetail(id: stored.ticket.id) == stored)
        }
    }

    @Test(arguments: StoreKind.allCases) func unknownTicketIsNil(kind: StoreKind) async throws {
        try await withStore(kind) { store async throws in
            #expect(try await store.ticketDetail(id: 12_345) == nil)
            #expect(try await store.ticketCount() == 0)
            #expect(try await store.listTickets(TicketQuery()) == TicketPage(tickets: [], nextBefore: nil))
        }
    }

    @Test(arguments: StoreKind.allCases) func customersWithoutExternalIDAreMatchedByEmail(kind: StoreKind) async throws
    {
        try await withStore(kind) { store in
            let a = try await store.createTicket(
                Self.intake(customer: CustomerInput(name: "Bo", email: "bo@example.com")))
            let b = try await store.createTicket(
                Self.intake(customer: CustomerInput(email: "bo@example.com", plan: "team")))
            #expect(a.detail.customer?.id != nil && a.detail.customer?.id == b.detail.customer?.id)
            #expect(b.detail.customer?.name == "Bo" && b.detail.customer?.plan == "team")
        }
    }

    @Test(arguments: StoreKind.allCases) func concurrentDuplicateDeliveriesCreateOneTicket(kind: StoreKind) async throws
    {
        try await withStore(kind) { store in
            // The same webhook delivered 12 times at once, half with an idempotency key:
            // the unique constraints must settle the race to exactly one ticket.
            let results = try await withThrowingTaskGroup(of: IntakeResult.self) { group in
                for attempt in 0..<12 {
                    group.addTask {
                        try await store.createTicket(
                            Self.intake(
                                key: attempt.isMultiple(of: 2) ? "hook-1" : nil, fingerprint: "f", externalID: "zd-77",
                                customer: CustomerInput(externalID: "c-9", name: "Cy")))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.filter(\.created).count == 1)
            #expect(Set(results.map(\.detail.ticket.id)).count == 1)
            #expect(results.allSatisfy { $0.detail.messages.count == 1 })
            #expect(try await store.ticketCount() == 1)
        }
    }

    @Test func migrationHistoriesMatchAcrossStores() async throws {
        var histories: [[String]] = []
        for kind in StoreKind.allCases {
            try await withStore(kind) { store in histories.append(try await store.migrationNames()) }
        }
        if histories.count == 2 { #expect(histories[0] == histories[1]) }
    }
}
