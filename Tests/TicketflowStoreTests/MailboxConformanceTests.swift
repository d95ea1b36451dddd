import Foundation
import Testing
import TicketflowCore

/// The email channel's bookkeeping on both stores: mailbox positions replace each other, a Message-ID is
/// recorded once (first ticket wins), lookups honour the caller's order, and a sent reply's Message-ID finds
/// its delivery for bounces.
@Suite struct MailboxConformanceTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    @Test(arguments: StoreKind.allCases) func positionsArePerMailboxAndReplaced(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            #expect(try await store.mailboxPosition("support@imap:993/INBOX") == nil)
            try await store.saveMailboxPosition(
                "support@imap:993/INBOX", MailboxPosition(uidValidity: 7, lastUID: 12), at: Self.t0)
            try await store.saveMailboxPosition(
                "sales@imap:993/INBOX", MailboxPosition(uidValidity: 3, lastUID: 1), at: Self.t0)
            try await store.saveMailboxPosition(
                "support@imap:993/INBOX", MailboxPosition(uidValidity: 4_000_000_000, lastUID: 13),
                at: Self.t0.addingTimeInterval(1))
            #expect(
                try await store.mailboxPosition("support@imap:993/INBOX")
                    == MailboxPosition(uidValidity: 4_000_000_000, lastUID: 13))
            #expect(
                try await store.mailboxPosition("sales@imap:993/INBOX") == MailboxPosition(uidValidity: 3, lastUID: 1))
        }
    }

    @Test(arguments: StoreKind.allCases) func messageIDsThreadToTheirTicket(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let first = try await store.createTicket(StoreConformanceTests.intake("one", externalID: "a")).detail
            let second = try await store.createTicket(StoreConformanceTests.intake("two", externalID: "b")).detail
            let (one, two) = (first.ticket.id, second.ticket.id)
            #expect(
                try await store.recordEmailMessageID("in-1@customer", ticketID: one, direction: .inbound, at: Self.t0))
            #expect(
                try await store.recordEmailMessageID(
                    "out-1@support", ticketID: one, direction: .outbound, at: Self.t0.addingTimeInterval(1)))
            #expect(
                try await store.recordEmailMessageID(
                    "in-2@customer", ticketID: one, direction: .inbound, at: Self.t0.addingTimeInterval(2)))
            #expect(
                try await store.recordEmailMessageID("in-3@customer", ticketID: two, direction: .inbound, at: Self.t0))
            // Recorded again (a re-fetched mail, or another ticket claiming it): the first record stands.
            #expect(
                try await !store.recordEmailMessageID("in-1@customer", ticketID: two, direction: .inbound, at: Self.t0))

            #expect(try await store.ticket(forEmailMessageIDs: []) == nil)
            #expect(try await store.ticket(forEmailMessageIDs: ["unknown@x"]) == nil)
            #expect(try await store.ticket(forEmailMessageIDs: ["unknown@x", "in-1@customer"]) == one)
            #expect(try await store.ticket(forEmailMessageIDs: ["in-3@customer", "out-1@support"]) == two)
            #expect(try await store.ticket(forEmailMessageIDs: ["out-1@support", "in-3@customer"]) == one)

            #expect(try await store.latestInboundEmailMessageID(ticketID: one) == "in-2@customer")
            #expect(try await store.latestInboundEmailMessageID(ticketID: two) == "in-3@customer")
            let third = try await store.createTicket(StoreConformanceTests.intake("three", externalID: "c")).detail
            #expect(try await store.latestInboundEmailMessageID(ticketID: third.ticket.id) == nil)
        }
    }

    @Test(arguments: StoreKind.allCases) func aSentMessageIDFindsItsDelivery(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            var intake = StoreConformanceTests.intake()
            intake.messages.append(
                NewMessage(
                    author: .ai, body: "Here is how", createdAt: Self.t0,
                    delivery: DeliveryAddress(channel: .email, recipient: "ann@example.com")))
            let delivery = try #require(try await store.createTicket(intake).detail.messages.last?.delivery)
            #expect(try await store.delivery(providerID: "reply-1@support.example") == nil)
            _ = try await store.recordDeliveryAttempt(
                id: delivery.id, status: .sent, error: nil, providerID: "reply-1@support.example", at: Self.t0)
            let found = try #require(try await store.delivery(providerID: "reply-1@support.example"))
            #expect(found.id == delivery.id && found.status == .sent && found.ticketID == delivery.ticketID)
            #expect(try await store.delivery(providerID: "reply-2@support.example") == nil)
        }
    }
}
