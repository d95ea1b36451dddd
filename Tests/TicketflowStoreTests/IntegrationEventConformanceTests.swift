import Foundation
import Testing
import TicketflowCore

/// The integration event feed behaves the same on both stores: each ticket
/// write adds its events in its own transaction, and a reader following the
/// cursor sees every event exactly once, even while many writers commit.
@Suite struct IntegrationEventConformanceTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    static func types(_ events: [IntegrationEvent]) -> [IntegrationEventType] { events.map(\.type) }

    @Test(arguments: StoreKind.allCases) func intakeAddsCreatedAndMessageEventsOnce(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            var intake = StoreConformanceTests.intake(key: "k1", fingerprint: "f")
            intake.ticket.status = .autoResolved
            intake.messages.append(NewMessage(author: .ai, body: "Here is how", createdAt: Self.t0))
            let detail = try await store.createTicket(intake).detail
            let events = try await store.integrationEvents(after: 0, limit: 50)
            #expect(Self.types(events) == [.ticketCreated, .ticketResolved, .messageCreated, .messageCreated])
            #expect(events.allSatisfy { $0.ticketID == detail.ticket.id && $0.createdAt == Self.t0 })
            #expect(events.compactMap(\.messageID) == detail.messages.map(\.id))
            #expect(events.compactMap(\.data.author) == [.customer, .ai])
            #expect(events[0].data == IntegrationEventData(detail.ticket))
            #expect(zip(events, events.dropFirst()).allSatisfy { $0.id < $1.id })

            // A replay stores nothing, so it adds no event.
            #expect(try await store.createTicket(intake).created == false)
            #expect(try await store.integrationEvents(after: 0, limit: 50) == events)
            // The cursor and the limit page through the same list.
            #expect(try await store.integrationEvents(after: events[1].id, limit: 1) == [events[2]])
            let page = try await store.eventPage(after: events[3].id, limit: 10)
            #expect(page.events.isEmpty && page.cursor == events[3].id)
        }
    }

    @Test(arguments: StoreKind.allCases) func updatesEscalationsAndAgentRepliesAreEvents(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let detail = try await store.createTicket(StoreConformanceTests.intake()).detail
            let start = try await store.integrationEvents(after: 0, limit: 50).last!.id

            // Only the time moved: a message, but no ticket.updated.
            var same = detail.ticket
            same.updatedAt = Self.t0.addingTimeInterval(10)
            _ = try await store.appendToTicket(
                TicketUpdate(
                    ticket: same, messages: [NewMessage(author: .customer, body: "and?", createdAt: same.updatedAt)],
                    draft: nil, trace: []))
            var events = try await store.integrationEvents(after: start, limit: 50)
            #expect(Self.types(events) == [.messageCreated])

            var escalated = same
            escalated.status = .escalated
            escalated.route = .humanNow
            escalated.updatedAt = Self.t0.addingTimeInterval(20)
            _ = try await store.appendToTicket(TicketUpdate(ticket: escalated, messages: [], draft: nil, trace: []))
            events = try await store.integrationEvents(after: events.last!.id, limit: 50)
            #expect(Self.types(events) == [.ticketUpdated, .ticketEscalated])
            #expect(events[0].data.status == .escalated && events[0].data.route == .humanNow)

            let current = try await store.ticketDetail(id: detail.ticket.id)!
            let reply = try await store.applyAgentChange(
                AgentStoreConformanceTests.change(
                    current, actor: "ann@example.com", at: Self.t0.addingTimeInterval(30), kind: .editAndSend,
                    reply: "Refunded", status: .resolved))
            events = try await store.integrationEvents(after: events.last!.id, limit: 50)
            #expect(Self.types(events) == [.ticketUpdated, .ticketResolved, .messageCreated])
            #expect(events[2].messageID == reply.messages.last!.id && events[2].data.author == .agent)
            #expect(events[0].data.assignee == "ann@example.com")

            let failed = try await store.recordIntegrationEvent(
                IntegrationEventRules.deliveryFailed(
                    ticket: reply.ticket, messageID: reply.messages.last!.id, reason: "SMTP 550 5.1.1",
                    at: Self.t0.addingTimeInterval(40)))
            #expect(try await store.integrationEvents(after: events.last!.id, limit: 50) == [failed])
            #expect(failed.data.reason == "SMTP 550 5.1.1")
        }
    }

    @Test(arguments: StoreKind.allCases) func listingUpdatedSinceSkipsUnchangedTickets(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let old = try await store.createTicket(StoreConformanceTests.intake("a", at: Self.t0)).detail.ticket
            let new = try await store.createTicket(
                StoreConformanceTests.intake("b", at: Self.t0.addingTimeInterval(100))
            ).detail.ticket
            var touched = old
            touched.updatedAt = Self.t0.addingTimeInterval(200)
            _ = try await store.appendToTicket(TicketUpdate(ticket: touched, messages: [], draft: nil, trace: []))
            let since = try await store.listTickets(TicketQuery(updatedSince: Self.t0.addingTimeInterval(100)))
            #expect(since.tickets.map(\.id) == [new.id, old.id])
            let later = try await store.listTickets(TicketQuery(updatedSince: Self.t0.addingTimeInterval(150)))
            #expect(later.tickets.map(\.id) == [old.id])
        }
    }

    /// Writers on many connections commit while a reader follows the cursor:
    /// the reader must end up with every event once. Ids drawn before commit
    /// could otherwise become visible out of order and be skipped for good.
    @Test(arguments: StoreKind.allCases) func aFollowingReaderMissesNothingUnderConcurrentWrites(
        kind: StoreKind
    ) async throws {
        try await withStore(kind) { store in
            let writers = 8
            let perWriter = 12
            let seen = try await withThrowingTaskGroup(of: [Int64].self) { group in
                for writer in 0..<writers {
                    group.addTask {
                        for n in 0..<perWriter {
                            _ = try await store.createTicket(
                                StoreConformanceTests.intake("w\(writer) n\(n)", externalID: "w\(writer)-\(n)"))
                        }
                        return []
                    }
                }
                group.addTask {
                    var cursor: Int64 = 0
                    var ids: [Int64] = []
                    // Two events per ticket: ticket.created and the customer's message.
                    let expected = writers * perWriter * 2
                    let deadline = Date().addingTimeInterval(60)
                    while ids.count < expected && Date() < deadline {
                        let page = try await store.eventPage(after: cursor, limit: 7)
                        ids += page.events.map(\.id)
                        cursor = page.cursor
                        if page.events.isEmpty { try await Task.sleep(for: .milliseconds(2)) }
                    }
                    return ids
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            let all = try await store.integrationEvents(after: 0, limit: 500).map(\.id)
            #expect(all.count == writers * perWriter * 2)
            #expect(seen == all, "the reader saw \(seen.count) of \(all.count) events")
        }
    }
}
