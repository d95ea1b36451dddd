import Foundation
import Testing
import TicketflowCore
import TicketflowSQLite
import TicketflowTesting

/// The store contract, run against a real SQLite file.
@Suite struct SQLiteStoreConformanceTests {
    static func intake(
        _ body: String = "My invoice is wrong", key: String? = nil, fingerprint: String? = nil,
        externalID: String? = nil, customer: CustomerInput? = nil, at date: Date = Date(timeIntervalSince1970: 1_800_000_000)
    ) -> TicketIntake {
        let ticket = Ticket(id: 0, externalID: externalID, channel: .email, subject: "Invoice", status: .triaged,
                            category: "billing", categoryConfidence: 0.9, sentiment: .negative, urgency: 3,
                            route: .aiOnly, tags: ["vip"], createdAt: date)
        return TicketIntake(
            idempotencyKey: key, requestFingerprint: fingerprint, customer: customer, ticket: ticket,
            messages: [NewMessage(author: .customer, body: body, createdAt: date)],
            draft: AnswerDraft(body: "Draft", citations: [Citation(articleID: "a1", title: "Refunds")], confidence: 0.5, reasons: ["low_confidence"]),
            trace: [TraceEntry(stage: "triage", input: "text", output: "billing", score: 0.9, engine: "test",
                               engineVersion: "1", durationMs: 0.5, createdAt: date, details: ["cell": "x"])])
    }

    @Test func writesAndReadsBackEveryField() async throws {
        try await withTemporaryDirectory { dir in
            let store = try SQLiteStore.open(dataDirectory: dir)
            let customer = CustomerInput(externalID: "c1", name: "Ann", email: "ann@example.com", plan: "pro", lifetimeValue: 99.5, locale: "en")
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

    @Test func survivesReopening() async throws {
        try await withTemporaryDirectory { dir in
            let id = try await SQLiteStore.open(dataDirectory: dir).createTicket(Self.intake()).detail.ticket.id
            let reopened = try SQLiteStore.open(dataDirectory: dir)
            #expect(try await reopened.ticketDetail(id: id)?.messages.count == 1)
            #expect(try reopened.appliedMigrations() == ["v1-tickets"])
        }
    }

    @Test func idempotencyKeyReturnsTheFirstTicket() async throws {
        try await withTemporaryDirectory { dir in
            let store = try SQLiteStore.open(dataDirectory: dir)
            let first = try await store.createTicket(Self.intake(key: "k1", fingerprint: "f"))
            let again = try await store.createTicket(Self.intake(key: "k1", fingerprint: "f"))
            #expect(!again.created)
            #expect(again.detail.ticket.id == first.detail.ticket.id)
            #expect(try await store.ticketCount() == 1)
            await #expect(throws: StoreError(.conflict, "Idempotency-Key 'k1' was already used with a different request body")) {
                try await store.createTicket(Self.intake("other", key: "k1", fingerprint: "g"))
            }
        }
    }

    @Test func externalIDDeduplicates() async throws {
        try await withTemporaryDirectory { dir in
            let store = try SQLiteStore.open(dataDirectory: dir)
            let first = try await store.createTicket(Self.intake(externalID: "zd-1"))
            let again = try await store.createTicket(Self.intake("redelivered", externalID: "zd-1"))
            #expect(!again.created && again.detail.ticket.id == first.detail.ticket.id)
            #expect(again.detail.messages.map(\.body) == ["My invoice is wrong"])
        }
    }

    @Test func customersAreMatchedAndUpdated() async throws {
        try await withTemporaryDirectory { dir in
            let store = try SQLiteStore.open(dataDirectory: dir)
            let a = try await store.createTicket(Self.intake(customer: CustomerInput(externalID: "c1", name: "Ann", plan: "free")))
            let b = try await store.createTicket(Self.intake(customer: CustomerInput(externalID: "c1", plan: "pro")))
            #expect(a.detail.customer?.id == b.detail.customer?.id)
            #expect(b.detail.customer?.name == "Ann")
            #expect(b.detail.customer?.plan == "pro")
            let anonymous = try await store.createTicket(Self.intake(customer: CustomerInput(name: "Nobody")))
            #expect(anonymous.detail.customer == nil)
        }
    }

    @Test func pagesNewestFirstWithFilters() async throws {
        try await withTemporaryDirectory { dir in
            let store = try SQLiteStore.open(dataDirectory: dir)
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

    @Test func appendUpdatesTicketAtomically() async throws {
        try await withTemporaryDirectory { dir in
            let store = try SQLiteStore.open(dataDirectory: dir)
            var ticket = try await store.createTicket(Self.intake()).detail.ticket
            ticket.status = .escalated
            ticket.urgency = 5
            let later = Date(timeIntervalSince1970: 1_800_000_100)
            ticket.updatedAt = later
            let detail = try await store.appendToTicket(TicketUpdate(
                ticket: ticket, messages: [NewMessage(author: .customer, body: "Any news?", createdAt: later)],
                trace: [TraceEntry(stage: "routing", input: "", output: "human_now", engine: "t", engineVersion: "1", createdAt: later)]))
            #expect(detail.ticket.status == .escalated && detail.ticket.urgency == 5)
            #expect(detail.messages.map(\.body) == ["My invoice is wrong", "Any news?"])
            #expect(detail.trace.map(\.stage) == ["triage", "routing"])
            #expect(detail.draft == nil)
            ticket.id = 999
            await #expect(throws: StoreError.self) {
                try await store.appendToTicket(TicketUpdate(
                    ticket: ticket, messages: [NewMessage(author: .customer, body: "x", createdAt: later)], trace: []))
            }
            // The failed append wrote nothing.
            #expect(try await store.ticketDetail(id: 999) == nil)
        }
    }

    @Test func concurrentWritersLoseNothing() async throws {
        try await withTemporaryDirectory { dir in
            let store = try SQLiteStore.open(dataDirectory: dir)
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
}
