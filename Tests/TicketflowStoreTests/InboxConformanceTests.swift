import Foundation
import Testing
import TicketflowCore

/// The inbox's search and filters: the same answers from SQLite's FTS5 and PostgreSQL's text search.
@Suite struct InboxConformanceTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    /// Five tickets of different customers, channels and states; returns their ids in creation order.
    static func seed(_ store: any ConformingStore) async throws -> [Int64] {
        let rows: [(String, String, String, Channel, TicketStatus, String?, CustomerInput)] = [
            (
                "Refund", "I want a refund for my duplicate charge", "billing", .email, .awaitingReview, nil,
                CustomerInput(externalID: "c1", name: "Jane Cooper", email: "jane@shop.example")
            ),
            (
                "Parcel", "My parcel never arrived at the depot", "shipping", .chat, .escalated, "ann@team.example",
                CustomerInput(externalID: "c2", name: "Omar Haddad", email: "omar@mail.example")
            ),
            (
                "Login", "Cannot log in after the password reset", "account", .api, .autoResolved, nil,
                CustomerInput(externalID: "c3", name: "Li Wei")
            ),
            (
                "Refunded twice?", "Thanks, all good now", "billing", .email, .closed, "ann@team.example",
                CustomerInput(externalID: "c4", name: "Zoë Müller", email: "zoe@shop.example")
            ),
            (
                "Invoice", "Where is the invoice for my order?", "billing", .api, .triaged, nil,
                CustomerInput(externalID: "c5", name: "Sam Roe")
            ),
        ]
        var ids: [Int64] = []
        for (index, row) in rows.enumerated() {
            let at = t0.addingTimeInterval(Double(index) * 3600)
            var intake = StoreConformanceTests.intake(row.1, customer: row.6, at: at)
            intake.ticket.subject = row.0
            intake.ticket.category = row.2
            intake.ticket.channel = row.3
            intake.ticket.status = row.4
            intake.ticket.assignee = row.5
            ids.append(try await store.createTicket(intake).detail.ticket.id)
        }
        // A later customer message on the first ticket, and an agent reply after it: the preview and the
        // waiting clock follow the customer's last word, not the agent's.
        let first = try #require(try await store.ticketDetail(id: ids[0]))
        _ = try await store.appendToTicket(
            TicketUpdate(
                ticket: first.ticket,
                messages: [
                    NewMessage(author: .customer, body: "Still waiting on the chargeback", createdAt: t0 + 7200),
                    NewMessage(author: .agent, body: "Looking into it", createdAt: t0 + 7300),
                ], trace: []))
        return ids
    }

    static func ids(_ store: any ConformingStore, _ query: InboxQuery) async throws -> [Int64] {
        try await store.inbox(query).entries.map(\.ticket.id)
    }

    @Test(arguments: StoreKind.allCases) func searchMatchesEveryWordAnywhere(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let ids = try await Self.seed(store)
            #expect(try await Self.ids(store, InboxQuery(text: "refund")) == [ids[3], ids[0]], "subject and body")
            #expect(try await Self.ids(store, InboxQuery(text: "REFUND duplicate")) == [ids[0]], "every word")
            #expect(try await Self.ids(store, InboxQuery(text: "charge")) == [ids[0]], "word prefixes")
            #expect(try await Self.ids(store, InboxQuery(text: "chargeback")) == [ids[0]], "a later message")
            #expect(try await Self.ids(store, InboxQuery(text: "omar parcel")) == [ids[1]], "customer and body")
            #expect(try await Self.ids(store, InboxQuery(text: "shop.example")) == [ids[3], ids[0]], "email")
            #expect(try await Self.ids(store, InboxQuery(text: "looking")) == [ids[0]], "agent messages too")
            #expect(try await Self.ids(store, InboxQuery(text: "nothing-like-this")).isEmpty)
            // Query syntax is only a separator: no error, no injection.
            #expect(try await Self.ids(store, InboxQuery(text: #""refund*:( -"#)) == [ids[3], ids[0]])
            #expect(try await Self.ids(store, InboxQuery(text: "refund NEAR")).isEmpty, "an operator is a word")
            #expect(try await Self.ids(store, InboxQuery(text: "'; DROP TABLE tickets; --")).isEmpty)
            #expect(try await Self.ids(store, InboxQuery(text: "  ")).count == 5, "no words: no text filter")
        }
    }

    @Test(arguments: StoreKind.allCases) func filtersCombineAndPagesFollowEachOther(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let ids = try await Self.seed(store)
            #expect(try await Self.ids(store, InboxQuery(statuses: [.autoResolved, .closed])) == [ids[3], ids[2]])
            #expect(try await Self.ids(store, InboxQuery(statuses: [])).isEmpty)
            #expect(try await Self.ids(store, InboxQuery(channel: .api)) == [ids[4], ids[2]])
            #expect(try await Self.ids(store, InboxQuery(category: "billing", channel: .email)) == [ids[3], ids[0]])
            #expect(try await Self.ids(store, InboxQuery(assignee: .user("ann@team.example"))) == [ids[3], ids[1]])
            #expect(try await Self.ids(store, InboxQuery(assignee: .unassigned)) == [ids[4], ids[2], ids[0]])
            #expect(
                try await Self.ids(
                    store, InboxQuery(createdFrom: Self.t0 + 3600, createdBefore: Self.t0 + 3 * 3600))
                    == [ids[2], ids[1]])
            #expect(try await Self.ids(store, InboxQuery(text: "invoice", channel: .api)) == [ids[4]])
            let first = try await store.inbox(InboxQuery(limit: 2))
            #expect(first.entries.map(\.ticket.id) == [ids[4], ids[3]])
            let second = try await store.inbox(InboxQuery(before: try #require(first.nextBefore), limit: 2))
            #expect(second.entries.map(\.ticket.id) == [ids[2], ids[1]])
        }
    }

    @Test(arguments: StoreKind.allCases) func rowsCarryTheCustomerAndTheirLastWord(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let ids = try await Self.seed(store)
            let entries = try await store.inbox(InboxQuery()).entries
            let first = try #require(entries.first { $0.ticket.id == ids[0] })
            #expect(first.customerName == "Jane Cooper" && first.customerEmail == "jane@shop.example")
            #expect(first.preview == "Still waiting on the chargeback")
            #expect(first.lastCustomerMessageAt == Self.t0 + 7200)
            let long = try #require(entries.first { $0.ticket.id == ids[2] })
            #expect(long.customerEmail == nil && long.preview == "Cannot log in after the password reset")
        }
    }

    @Test(arguments: StoreKind.allCases) func answersCitingAnArticleAreFoundExactly(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let ids = try await Self.seed(store)
            func answer(_ id: Int64, _ author: MessageAuthor, cites article: String, at offset: Double) async throws {
                let detail = try #require(try await store.ticketDetail(id: id))
                _ = try await store.appendToTicket(
                    TicketUpdate(
                        ticket: detail.ticket,
                        messages: [
                            NewMessage(
                                author: author, body: "See the article", createdAt: Self.t0 + offset,
                                citations: [Citation(articleID: article, title: article)])
                        ], trace: []))
            }
            try await answer(ids[2], .ai, cites: "refunds", at: 9000)
            try await answer(ids[3], .agent, cites: "refunds-old", at: 9100)
            try await answer(ids[3], .agent, cites: "refunds", at: 9200)
            let found = try await store.answersCiting(articleID: "refunds", limit: 10)
            #expect(found.map(\.ticketID) == [ids[3], ids[2]], "newest first, the look-alike id left out")
            #expect(found.map(\.author) == [.agent, .ai] && found.map(\.status) == [.closed, .autoResolved])
            #expect(found.filter(\.settled).count == 2)
            let old = try await store.answersCiting(articleID: "refunds-old", limit: 10)
            #expect(old.map(\.ticketID) == [ids[3]])
            let none = try await store.answersCiting(articleID: "nothing", limit: 10)
            #expect(none.isEmpty)
            // An article from a subfolder (JSON stores "billing\/refunds"), ids with LIKE's wildcards, and an
            // id longer than SQLite's 50,000-byte LIKE pattern limit (the console's article page was a 503).
            let long = String(repeating: "x", count: 60_000)
            try await answer(ids[0], .agent, cites: "billing/refunds", at: 9300)
            try await answer(ids[1], .agent, cites: "a_b%", at: 9400)
            try await answer(ids[1], .ai, cites: long, at: 9500)
            #expect(try await store.answersCiting(articleID: "billing/refunds", limit: 10).map(\.ticketID) == [ids[0]])
            #expect(try await store.answersCiting(articleID: "a_b%", limit: 10).map(\.ticketID) == [ids[1]])
            #expect(try await store.answersCiting(articleID: "axb", limit: 10).isEmpty)
            #expect(try await store.answersCiting(articleID: long, limit: 10).map(\.author) == [.ai])
        }
    }
}
