import Foundation
import TicketflowCore
import TicketflowMIME
import TicketflowSMTP

/// Where email replies are submitted, from the `smtp_url` setting:
/// `smtp://user:password@host:587` (STARTTLS required), `smtps://…:465`
/// (TLS from the start) or `smtp+plain://host:25` (no TLS: a relay on this
/// machine or its private network, with a password only on loopback). User
/// and password are percent-decoded and never shown back (`description`
/// masks them).
public struct OutboundEmailSettings: Sendable, CustomStringConvertible {
    public var smtp: SMTPConfiguration
    /// The From address of replies (`email_from`), e.g. `Acme Support <support@acme.example>`.
    public var from: MIMEAddress
    /// Where a cited article is published (`article_url_template`, `{id}` replaced by the
    /// article id), so replies link their sources; nil sends no links.
    public var articleURLTemplate: String?

    /// The public address of a cited article, when a template is set.
    public func articleURL(_ citation: Citation) -> String? {
        guard let articleURLTemplate else { return nil }
        let id = citation.articleID.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? citation.articleID
        return articleURLTemplate.replacingOccurrences(of: "{id}", with: id)
    }

    /// Parses the two settings; the errors name the setting and what is wrong, never the password.
    public init(smtpURL: String, from: String, caFile: String? = nil) throws {
        let url = try MailServerURL(smtpURL, setting: "smtp_url", example: "smtp://user:password@host:587")
        let (scheme, host) = (url.scheme, url.host)
        let security: SMTPConfiguration.Security
        let defaultPort: Int
        switch scheme {
        case "smtp": (security, defaultPort) = (.startTLS, 587)
        case "smtps": (security, defaultPort) = (.tls, 465)
        case "smtp+plain": (security, defaultPort) = (.none, 25)
        default:
            throw ConfigurationError("smtp_url must start with smtp://, smtps:// or smtp+plain://, not \(scheme)://")
        }
        let credentials = url.user.map { SMTPConfiguration.Credentials(username: $0, password: url.password ?? "") }
        // A relay without a login may sit on a private network (a container beside this one); a
        // password without TLS may only cross loopback, as for imap+plain.
        if security == .none, credentials != nil, !AppConfiguration.isLoopback(host) {
            throw ConfigurationError(
                "smtp_url: smtp+plain:// with a user and password sends the password in clear and is only for "
                    + "127.0.0.1 or localhost; use smtp:// (STARTTLS) or smtps://")
        }
        guard let address = MIMEAddress.parseList(from).first, address.address.contains("@") else {
            throw ConfigurationError("email_from must be an address, e.g. Acme Support <support@acme.example>")
        }
        smtp = SMTPConfiguration(
            host: host, port: url.port ?? defaultPort, security: security,
            trust: caFile.map { .certificateFile($0) } ?? .systemRoots, credentials: credentials,
            heloName: address.address.split(separator: "@").last.map(String.init) ?? "localhost")
        self.from = address
    }

    /// The domain of the From address, for Message-IDs.
    public var domain: String { from.address.split(separator: "@").last.map(String.init) ?? "localhost" }

    public var description: String {
        let scheme = smtp.security == .tls ? "smtps" : smtp.security == .none ? "smtp+plain" : "smtp"
        let user = smtp.credentials.map { "\($0.username):***@" } ?? ""
        return "\(scheme)://\(user)\(smtp.host):\(smtp.port) from \(from.address)"
    }
}
