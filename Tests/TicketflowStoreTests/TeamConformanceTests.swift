import Foundation
import Testing
import TicketflowCore

/// Deactivated accounts, presence, tags in the inbox, continued conversations and the events of notes and SLA
/// warnings: the same on a real SQLite file and a real PostgreSQL database.
@Suite struct TeamConformanceTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    static func session(_ user: AgentUser, _ hash: String) -> AgentSession {
        AgentSession(
            tokenHash: hash, userID: user.id, csrfToken: "c", createdAt: t0, expiresAt: t0.addingTimeInterval(86_400))
    }

    @Test(arguments: StoreKind.allCases) func aDeactivatedPersonIsSignedOutAndTheLastActiveAdminStays(
        kind: StoreKind
    ) async throws {
        try await withStore(kind) { store in
            let lead = try await store.createUser(
                email: "lead@example.com", name: "Lead", role: .admin, passwordHash: "h", at: Self.t0)
            let second = try await store.createUser(
                email: "second@example.com", name: "Second", role: .admin, passwordHash: "h", at: Self.t0)
            let ann = try await store.createUser(
                email: "ann@example.com", name: "Ann", role: .agent, passwordHash: "h", at: Self.t0)
            try await store.createSession(Self.session(ann, "ann-session"))

            let off = try #require(try await store.setActive(email: "ann@example.com", false, at: Self.t0 + 5))
            #expect(off.deactivatedAt == Self.t0 + 5 && !off.isActive)
            #expect(try await store.session(tokenHash: "ann-session", at: Self.t0 + 6) == nil, "sessions end")
            try await store.createSession(Self.session(ann, "ann-again"))
            #expect(try await store.session(tokenHash: "ann-again", at: Self.t0 + 7) == nil, "no new session works")
            #expect(try await store.user(email: "ann@example.com")?.isActive == false, "the account stays")

            let back = try #require(try await store.setActive(email: "ann@example.com", true, at: Self.t0 + 8))
            #expect(back.isActive)
            #expect(try await store.session(tokenHash: "ann-again", at: Self.t0 + 9) != nil)

            // Two admins; with one deactivated, the other is the last active one.
            _ = try await store.setActive(email: "second@example.com", false, at: Self.t0 + 10)
            await #expect(throws: Refusal.self) {
                _ = try await store.setActive(email: "lead@example.com", false, at: Self.t0 + 11)
            }
            await #expect(throws: Refusal.self) {
                _ = try await store.setRole(email: "lead@example.com", role: .agent)
            }
            #expect(try await store.user(email: "lead@example.com")?.isActive == true)
            #expect(try await store.setActive(email: "nobody@example.com", false, at: Self.t0) == nil)
            _ = (lead, second)
        }
    }

    @Test(arguments: StoreKind.allCases) func presenceIsRecordedAtMostOnceAMinute(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let ann = try await store.createUser(
                email: "ann@example.com", name: "Ann", role: .agent, passwordHash: "h", at: Self.t0)
            #expect(ann.lastSeenAt == nil)
            try await store.recordSeen(userID: ann.id, at: Self.t0 + 100)
            #expect(try await store.user(email: "ann@example.com")?.lastSeenAt == Self.t0 + 100)
            try await store.recordSeen(userID: ann.id, at: Self.t0 + 130)
            #expect(try await store.users().first?.lastSeenAt == Self.t0 + 100, "within the minute: not written")
            try await store.recordSeen(userID: ann.id, at: Self.t0 + 200)
            #expect(try await store.users().first?.lastSeenAt == Self.t0 + 200)
            try await store.createSession(Self.session(ann, "s"))
            #expect(try await store.session(tokenHash: "s", at: Self.t0 + 201)?.1.lastSeenAt == Self.t0 + 200)
        }
    }

    @Test(arguments: StoreKind.allCases) func theInboxFiltersByATagExactly(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            var tagged = StoreConformanceTests.intake("Where is my parcel", at: Self.t0)
            tagged.ticket.tags = ["vip", "shipping-delay"]
            let vip = try await store.createTicket(tagged).detail.ticket.id
            var plain = StoreConformanceTests.intake("Another question", at: Self.t0 + 1)
            plain.ticket.tags = ["vip-lite"]
            let other = try await store.createTicket(plain).detail.ticket.id
            #expect(try await store.inbox(InboxQuery(tag: "vip")).entries.map(\.ticket.id) == [vip])
            #expect(try await store.inbox(InboxQuery(tag: "shipping-delay")).entries.map(\.ticket.id) == [vip])
            #expect(try await store.inbox(InboxQuery(tag: "vip-lite")).entries.map(\.ticket.id) == [other])
            #expect(try await store.inbox(InboxQuery(tag: "vi")).entries.isEmpty, "whole tags only")
            #expect(try await store.inbox(InboxQuery(text: "parcel", tag: "vip")).entries.count == 1)
        }
    }

    @Test(arguments: StoreKind.allCases) func theInboxListsOneCustomersTickets(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let ann = CustomerInput(externalID: "ann", name: "Ann")
            let first = try await store.createTicket(
                StoreConformanceTests.intake("One", customer: ann, at: Self.t0)
            ).detail.ticket
            _ = try await store.createTicket(
                StoreConformanceTests.intake("Other", customer: CustomerInput(externalID: "bob"), at: Self.t0 + 1))
            let second = try await store.createTicket(
                StoreConformanceTests.intake("Two", customer: ann, at: Self.t0 + 2)
            ).detail.ticket
            let customer = try #require(first.customerID)
            #expect(
                try await store.inbox(InboxQuery(customerID: customer)).entries.map(\.ticket.id) == [
                    second.id, first.id,
                ])
            #expect(try await store.inbox(InboxQuery(customerID: customer + 1000)).entries.isEmpty)
        }
    }

    @Test(arguments: StoreKind.allCases) func aContinuationIsStoredAndNotesAndWarningsBecomeFeedEvents(
        kind: StoreKind
    ) async throws {
        try await withStore(kind) { store in
            let detail = try await AgentStoreConformanceTests.openTicket(store)
            let id = detail.ticket.id
            let start = try await store.integrationEvents(after: 0, limit: 100).last?.id ?? 0

            var merged = detail.ticket
            merged.continuedIn = 4242
            merged.status = .closed
            merged.updatedAt = Self.t0 + 10
            _ = try await store.applyAgentChange(
                AgentChange(
                    ticket: merged, actor: "ann@example.com", overrideAssignee: true, draft: nil,
                    event: TicketEvent(
                        id: 0, ticketID: id, kind: .merge, actor: "ann@example.com", details: ["into": "4242"],
                        createdAt: Self.t0 + 10)))
            #expect(try await store.ticketDetail(id: id)?.ticket.continuedIn == 4242)
            // A later pipeline write (a customer message) keeps it.
            var later = try #require(try await store.ticketDetail(id: id)).ticket
            later.updatedAt = Self.t0 + 20
            later.continuedIn = nil
            _ = try await store.appendToTicket(
                TicketUpdate(
                    ticket: later, messages: [NewMessage(author: .system, body: "x", createdAt: Self.t0 + 20)],
                    trace: []))
            #expect(try await store.ticketDetail(id: id)?.ticket.continuedIn == 4242)

            let current = try #require(try await store.ticketDetail(id: id))
            // Events that leave the ticket as it is: a note that mentions someone, and an SLA warning.
            for (kind, actor, details, at) in [
                (AgentActionKind.note, "bob@example.com", ["note": "@ann look", "mentions": "ann@example.com"], 30.0),
                (.slaWarning, "system", ["left": "SLA target due in 12 min"], 40),
            ] {
                _ = try await store.applyAgentChange(
                    AgentChange(
                        ticket: current.ticket, actor: actor, overrideAssignee: true,
                        expectedUpdatedAt: current.ticket.updatedAt, draft: current.draft,
                        event: TicketEvent(
                            id: 0, ticketID: id, kind: kind, actor: actor, details: details, createdAt: Self.t0 + at)))
            }
            let events = try await store.integrationEvents(after: start, limit: 100)
            let mention = try #require(events.first { $0.type == .noteMentioned })
            #expect(mention.ticketID == id && mention.data.mentions == ["ann@example.com"])
            #expect(mention.data.actor == "bob@example.com")
            let warning = try #require(events.first { $0.type == .ticketSLAAtRisk })
            #expect(warning.data.reason == "SLA target due in 12 min")
            #expect(!events.contains { $0.type == .ticketUpdated && $0.createdAt >= Self.t0 + 30 }, "nothing changed")
        }
    }
}
