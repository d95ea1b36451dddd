import Foundation
import TicketflowCore

/// Raw inbound mails and their attachments.
extension PostgresStore: MailArchiveStore {}
