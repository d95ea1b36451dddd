import Foundation

/// The port for mailboxes an admin manages at run time (the configuration file's mailbox is not stored).
public protocol MailboxAccountStore: Sendable {
    /// Every mailbox, oldest first.
    func mailboxAccounts() async throws -> [MailboxAccount]

    /// The mailbox `id`, or nil.
    func mailboxAccount(id: Int64) async throws -> MailboxAccount?

    /// The mailbox named `name`, or nil.
    func mailboxAccount(named name: String) async throws -> MailboxAccount?

    /// Stores `mailbox` as given (checked by `MailboxAccounts`); a taken name throws
    /// `MailboxAccount.duplicateName`.
    func createMailboxAccount(_ mailbox: NewMailboxAccount, at now: Date) async throws -> MailboxAccount

    /// Saves the address, URLs, `enabled` and `updatedAt` of `mailbox`; false when it no longer exists.
    func saveMailboxAccount(_ mailbox: MailboxAccount) async throws -> Bool

    /// Deletes the mailbox `id`; false when there was none.
    func deleteMailboxAccount(id: Int64) async throws -> Bool
}
