import Foundation
import TicketflowCore

/// Mailboxes an admin manages at run time.
extension PostgresStore: MailboxAccountStore {}
