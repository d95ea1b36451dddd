import Foundation

/// The port for mailboxes an admin manages at run time (the config file's mailbox needs none). Filled in with
/// issue 15's mailbox administration work.
public protocol MailboxAccountStore: Sendable {}
