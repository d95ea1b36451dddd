import Foundation
import TicketflowCore
import TicketflowEmail
import TicketflowIMAP

/// Where customer mail is read from, from the `imap_url` setting:
/// `imaps://user:password@host:993/INBOX` (TLS from the start), `imap://…:143/INBOX` (STARTTLS required) or
/// `imap+plain://…` (no TLS: only for a server on this machine). The path names the folder (INBOX when
/// empty). User and password are percent-decoded and never shown back (`description` masks them).
public struct InboundEmailSettings: Sendable, CustomStringConvertible {
    public var imap: IMAPConfiguration
    public var username: String
    /// Never printed; `description` leaves it out.
    public var password: String
    /// The folder polled.
    public var folder: String
    /// The mailbox's own address (`email_from`): its mail coming back is a loop, not a ticket.
    public var address: EmailAddress
    /// Seconds between polls (`email_poll_seconds`).
    public var pollSeconds: Int
    /// Names the mailbox: `default` for the configuration file's, else the admin mailbox's name. Each mail's
    /// record keeps it, so the reply goes out through the mailbox the mail came in by.
    public var name = MailboxAccount.configuredName
    /// Whether the first poll of a mailbox reads the mail already in it (`email_import_existing`).
    /// Off by default: connecting a team's inbox must not turn years of old mail into tickets.
    public var importExisting = false
    /// What each mail keeps of its attachments and raw bytes (`email_attachment_max_bytes`,
    /// `email_original_max_bytes`).
    public var archive = MailArchiveLimits()

    /// Parses the settings; the errors name the setting and what is wrong, never the password.
    public init(imapURL: String, mailbox: String, caFile: String? = nil, pollSeconds: Int = 30) throws {
        let url = try MailServerURL(
            imapURL, setting: "imap_url", example: "imaps://user:password@host:993/INBOX")
        let (scheme, host) = (url.scheme, url.host)
        let security: IMAPConfiguration.Security
        let defaultPort: Int
        switch scheme {
        case "imaps": (security, defaultPort) = (.tls, 993)
        case "imap": (security, defaultPort) = (.startTLS, 143)
        case "imap+plain":
            guard AppConfiguration.isLoopback(host) else {
                throw ConfigurationError(
                    "imap_url: imap+plain:// sends the password in clear and is only for 127.0.0.1 or localhost")
            }
            (security, defaultPort) = (.plain, 143)
        default:
            throw ConfigurationError("imap_url must start with imaps://, imap:// or imap+plain://, not \(scheme)://")
        }
        guard let user = url.user, !user.isEmpty, let password = url.password else {
            throw ConfigurationError("imap_url must include the mailbox's user and password (user:password@host)")
        }
        guard let address = EmailAddress(mailbox) else {
            throw ConfigurationError("email_from must be the mailbox's address when imap_url is set")
        }
        guard (1...3600).contains(pollSeconds) else {
            throw ConfigurationError("email_poll_seconds must be 1–3600, got \(pollSeconds)")
        }
        imap = IMAPConfiguration(
            host: host, port: url.port ?? defaultPort, security: security,
            trust: caFile.map { .certificateFile($0) } ?? .systemRoots)
        username = user
        self.password = password
        folder = url.path.isEmpty ? "INBOX" : url.path
        self.address = address
        self.pollSeconds = pollSeconds
    }

    /// Names this mailbox in stored positions and job keys: user, server and folder, no password.
    public var key: String { "\(username)@\(imap.host):\(imap.port)/\(folder)" }

    public var description: String {
        let scheme = imap.security == .tls ? "imaps" : imap.security == .plain ? "imap+plain" : "imap"
        return "\(scheme)://\(username):***@\(imap.host):\(imap.port)/\(folder) as \(address.value)"
    }
}
