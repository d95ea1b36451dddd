import Foundation
import Testing
import TicketflowCore

/// The pure parts of admin mailboxes: how a URL is shown without its password, which names are accepted, and
/// that `MailboxAccounts` checks before it stores (a refused mailbox never reaches the store).
@Suite struct MailboxAccountTests {
    @Test(arguments: [
        ("imaps://support:secret@imap.example.test/INBOX", "imaps://support:•••@imap.example.test/INBOX"),
        (
            "imaps://support%40acme.example:p%40ss@imap.example.test:993",
            "imaps://support%40acme.example:•••@imap.example.test:993"
        ),
        // An unencoded @ in the password: the last @ before the host ends it.
        ("imap://support:p@ss@imap.example.test/Archive", "imap://support:•••@imap.example.test/Archive"),
        ("smtp+plain://127.0.0.1:25", "smtp+plain://127.0.0.1:25"),
        ("smtp://relay-user@smtp.example.test:587", "smtp://relay-user@smtp.example.test:587"),
        ("imaps://u:pw@h/folder@odd", "imaps://u:•••@h/folder@odd"),
        ("u:secret@host", "•••"),
    ])
    func passwordsAreMasked(url: String, shown: String) {
        #expect(MailboxAccount.masked(url) == shown)
    }

    @Test func namesAreShortPlainAndNotTheConfiguredOne() throws {
        #expect(try MailboxAccounts.name("  sales.EU_2-b ") == "sales.EU_2-b")
        for bad in ["", "two words", "ünïcode", "a/b", String(repeating: "x", count: 65), "default", "Default"] {
            #expect(throws: ValidationError.self, "\(bad)") { try MailboxAccounts.name(bad) }
        }
    }

    /// A store that records what reaches it.
    actor RecordingStore: MailboxAccountStore {
        var created: [NewMailboxAccount] = []
        func mailboxAccounts() async throws -> [MailboxAccount] { [] }
        func mailboxAccount(id: Int64) async throws -> MailboxAccount? { nil }
        func mailboxAccount(named name: String) async throws -> MailboxAccount? { nil }
        func createMailboxAccount(_ mailbox: NewMailboxAccount, at now: Date) async throws -> MailboxAccount {
            created.append(mailbox)
            return MailboxAccount(
                id: 1, name: mailbox.name, address: mailbox.address, imapURL: mailbox.imapURL,
                smtpURL: mailbox.smtpURL, enabled: mailbox.enabled, createdAt: now, updatedAt: now)
        }
        func saveMailboxAccount(_ mailbox: MailboxAccount) async throws -> Bool { false }
        func deleteMailboxAccount(id: Int64) async throws -> Bool { false }
    }

    @Test func inputIsNormalisedAndCheckedBeforeItIsStored() async throws {
        let store = RecordingStore()
        let accounts = MailboxAccounts(store: store) { _, imapURL, _ in
            guard imapURL.hasPrefix("imaps://") else { throw ValidationError(field: "imap_url", "must be imaps") }
        }
        await #expect(throws: ValidationError(field: "imap_url", "must be imaps")) {
            _ = try await accounts.create(NewMailboxAccount(name: "a", address: "a@example.test", imapURL: "imap://x"))
        }
        await #expect(throws: ValidationError(field: "address", "is not an email address")) {
            _ = try await accounts.create(NewMailboxAccount(name: "a", address: "nobody", imapURL: "imaps://x"))
        }
        let made = try await accounts.create(
            NewMailboxAccount(name: " sales ", address: " Sales@Example.TEST ", imapURL: "imaps://x", smtpURL: "  "))
        #expect(made.name == "sales" && made.address == "sales@example.test" && made.smtpURL == nil)
        #expect(await store.created.count == 1, "refused mailboxes never reach the store")
        await #expect(throws: Refusal(.notFound, "no mailbox 7")) {
            _ = try await accounts.update(id: 7, MailboxAccountChange(enabled: false))
        }
    }
}
