import Foundation
import Testing
import TicketflowCore

/// Admin mailboxes on both stores: created with a unique name (a duplicate is a conflict that changes
/// nothing), listed oldest first, changed, deleted; and each recorded mail keeps the mailbox it came through,
/// so a reply can find it.
@Suite struct MailboxAccountConformanceTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    static func accounts(_ store: any ConformingStore) throws -> any MailboxAccountStore {
        try #require(store as? any MailboxAccountStore)
    }

    @Test(arguments: StoreKind.allCases) func mailboxesAreCreatedChangedAndDeleted(kind: StoreKind) async throws {
        try await withStore(kind) { base in
            let store = try Self.accounts(base)
            #expect(try await store.mailboxAccounts().isEmpty)
            let sales = try await store.createMailboxAccount(
                NewMailboxAccount(
                    name: "sales", address: "sales@example.test",
                    imapURL: "imaps://sales:secret@imap.example.test/INBOX"),
                at: Self.t0)
            let agent = try await store.createMailboxAccount(
                NewMailboxAccount(
                    name: "agent", address: "agent@example.test", imapURL: "imap://agent:pw@imap.example.test/Support",
                    smtpURL: "smtp://agent:pw@smtp.example.test:587", enabled: false),
                at: Self.t0.addingTimeInterval(1))
            #expect(sales.id != agent.id)
            #expect(
                sales.name == "sales" && sales.address == "sales@example.test" && sales.smtpURL == nil && sales.enabled
                    && sales.createdAt == Self.t0 && sales.updatedAt == Self.t0)
            #expect(agent.smtpURL == "smtp://agent:pw@smtp.example.test:587" && !agent.enabled)
            #expect(try await store.mailboxAccounts().map(\.name) == ["sales", "agent"])
            #expect(try await store.mailboxAccount(id: agent.id) == agent)
            #expect(try await store.mailboxAccount(named: "sales") == sales)
            #expect(try await store.mailboxAccount(named: "nobody") == nil)

            // A second "sales" is refused and leaves the first as it was.
            await #expect(throws: MailboxAccount.duplicateName("sales")) {
                _ = try await store.createMailboxAccount(
                    NewMailboxAccount(name: "sales", address: "other@example.test", imapURL: "imaps://o:p@h/INBOX"),
                    at: Self.t0)
            }
            #expect(try await store.mailboxAccounts().count == 2)
            #expect(try await store.mailboxAccount(named: "sales") == sales)

            var changed = sales
            changed.address = "sales2@example.test"
            changed.imapURL = "imaps://sales2:new@imap.example.test/Archive"
            changed.smtpURL = "smtps://sales2:new@smtp.example.test"
            changed.enabled = false
            changed.updatedAt = Self.t0.addingTimeInterval(60)
            #expect(try await store.saveMailboxAccount(changed))
            #expect(try await store.mailboxAccount(id: sales.id) == changed)
            changed.smtpURL = nil
            #expect(try await store.saveMailboxAccount(changed))
            #expect(try await store.mailboxAccount(id: sales.id)?.smtpURL == nil)

            #expect(try await store.deleteMailboxAccount(id: sales.id))
            #expect(try await !store.deleteMailboxAccount(id: sales.id))
            #expect(try await store.mailboxAccount(id: sales.id) == nil)
            var gone = changed
            gone.enabled = true
            #expect(try await !store.saveMailboxAccount(gone))
            #expect(try await store.mailboxAccounts().map(\.name) == ["agent"])
            // The name is free again.
            let again = try await store.createMailboxAccount(
                NewMailboxAccount(name: "sales", address: "sales@example.test", imapURL: "imaps://s:p@h/INBOX"),
                at: Self.t0)
            #expect(again.id != sales.id)
        }
    }

    @Test(arguments: StoreKind.allCases) func eachMailKeepsItsMailbox(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let ticket = try await store.createTicket(StoreConformanceTests.intake("one", externalID: "a")).detail
            let other = try await store.createTicket(StoreConformanceTests.intake("two", externalID: "b")).detail
            let (one, two) = (ticket.ticket.id, other.ticket.id)
            #expect(try await store.latestInboundMailbox(ticketID: one) == nil)
            try await store.recordEmailMessageID(
                "in-1@c", ticketID: one, direction: .inbound, mailbox: "default", at: Self.t0)
            #expect(try await store.latestInboundMailbox(ticketID: one) == "default")
            try await store.recordEmailMessageID(
                "in-2@c", ticketID: one, direction: .inbound, mailbox: "agent", at: Self.t0.addingTimeInterval(1))
            // A reply recorded after it does not count: only customer mail says where to answer.
            try await store.recordEmailMessageID(
                "out-1@s", ticketID: one, direction: .outbound, mailbox: "sales", at: Self.t0.addingTimeInterval(2))
            #expect(try await store.latestInboundMailbox(ticketID: one) == "agent")
            #expect(try await store.latestInboundEmailMessageID(ticketID: one) == "in-2@c")
            // The first record of a Message-ID wins, mailbox included.
            #expect(
                try await !store.recordEmailMessageID(
                    "in-2@c", ticketID: one, direction: .inbound, mailbox: "sales", at: Self.t0))
            #expect(try await store.latestInboundMailbox(ticketID: one) == "agent")
            // Without a mailbox (the old call), the latest mail names none.
            try await store.recordEmailMessageID("in-3@c", ticketID: two, direction: .inbound, at: Self.t0)
            #expect(try await store.latestInboundMailbox(ticketID: two) == nil)
            #expect(try await store.latestInboundMailbox(ticketID: one) == "agent")
        }
    }
}
