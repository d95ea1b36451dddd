import Foundation
import TicketflowCore

/// The typed model of `/console/mailboxes`: the admin mailboxes with where each is read and answered from,
/// and the add form. Credentials never reach it: a row shows the server, folder and user, and a form that
/// comes back with an error keeps its name and address but not its URLs.
enum MailboxPageModel {
    /// One mailbox.
    struct Row {
        let id: Int64
        let name: String
        let address: String
        /// "imap.example.test:993 (TLS)".
        let server: String
        let folder: String
        /// "smtp.example.test:587 (STARTTLS)", or "the server's smtp_url".
        let replies: String
        /// "On" or "Off".
        let state: String
        let on: Bool
        let created: String
    }

    /// `/console/mailboxes`.
    struct List {
        /// "1 mailbox", "3 mailboxes".
        let count: String
        let mailboxes: [Row]
        /// The form's name and address fields (kept when the form comes back with an error).
        let formName: String
        let formAddress: String
        let error: String?
    }

    static func list(
        _ mailboxes: [MailboxAccount], formName: String = "", formAddress: String = "", error: String? = nil
    ) -> List {
        List(
            count: mailboxes.count == 1 ? "1 mailbox" : "\(mailboxes.count) mailboxes", mailboxes: mailboxes.map(row),
            formName: formName, formAddress: formAddress, error: error)
    }

    static func row(_ m: MailboxAccount) -> Row {
        let imap = URLComponents(string: m.imapURL)
        let folder = imap.map { String($0.path.drop { $0 == "/" }) } ?? ""
        return Row(
            id: m.id, name: m.name, address: m.address, server: server(m.imapURL),
            folder: folder.isEmpty ? "INBOX" : folder,
            replies: m.smtpURL.map(server) ?? "the server's smtp_url", state: m.enabled ? "On" : "Off", on: m.enabled,
            created: ConsoleFormat.time(m.createdAt))
    }

    /// "host:port (security)" of a stored mail server URL, ports and security as the settings parsers read them.
    static func server(_ url: String) -> String {
        guard let components = URLComponents(string: url), let host = components.host else { return "—" }
        let (security, port): (String, Int) =
            switch components.scheme?.lowercased() ?? "" {
            case "imaps": ("TLS", 993)
            case "imap": ("STARTTLS", 143)
            case "smtps": ("TLS", 465)
            case "smtp": ("STARTTLS", 587)
            case "smtp+plain": ("no TLS", 25)
            default: ("no TLS", 143)
            }
        return "\(host):\(components.port ?? port) (\(security))"
    }
}
