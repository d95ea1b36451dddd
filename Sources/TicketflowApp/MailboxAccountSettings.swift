import Foundation
import TicketflowCore

/// Reads an admin mailbox with the same parsing as the configuration file's `imap_url` and `smtp_url`, and the
/// file's CA files and poll interval: a mailbox added at run time is checked, polled and answered exactly like
/// the configured one.
struct MailboxAccountSettings: Sendable {
    let configuration: AppConfiguration

    /// The poller settings of `account` (named after it, so its mail records the mailbox).
    func inbound(_ account: MailboxAccount) throws -> InboundEmailSettings {
        var settings = try InboundEmailSettings(
            imapURL: account.imapURL, mailbox: account.address, caFile: configuration.imapCAFile,
            pollSeconds: configuration.emailPollSeconds)
        settings.name = account.name
        settings.archive = configuration.mailArchive
        return settings
    }

    /// How replies to `account`'s mail are sent: From its address, through its `smtp_url`, else through the
    /// configuration's; nil when neither has one.
    func outbound(_ account: MailboxAccount) throws -> OutboundEmailSettings? {
        guard let url = account.smtpURL ?? configuration.smtpURL else { return nil }
        var settings = try OutboundEmailSettings(smtpURL: url, from: account.address, caFile: configuration.smtpCAFile)
        settings.articleURLTemplate = configuration.articleURLTemplate
        return settings
    }

    /// The check `MailboxAccounts` runs before storing a mailbox: the errors of the settings parsers, as
    /// `ValidationError`s on the field they name (never holding the password, which the parsers leave out).
    var check: MailboxAccounts.ServerCheck {
        { [configuration] address, imapURL, smtpURL in
            let reader = MailboxAccountSettings(configuration: configuration)
            let account = MailboxAccount(
                id: 0, name: "check", address: address, imapURL: imapURL, smtpURL: smtpURL, enabled: true,
                createdAt: Date(), updatedAt: Date())
            do { _ = try reader.inbound(account) } catch let error as ConfigurationError {
                throw Self.validation(error, field: "imap_url")
            }
            guard smtpURL != nil else { return }
            do { _ = try reader.outbound(account) } catch let error as ConfigurationError {
                throw Self.validation(error, field: "smtp_url")
            }
        }
    }

    /// "imap_url must …" as a `ValidationError` on `imap_url` with the message "must …".
    private static func validation(_ error: ConfigurationError, field: String) -> ValidationError {
        var message = Substring(error.description)
        if message.hasPrefix(field) { message = message.dropFirst(field.count).drop { $0 == ":" || $0 == " " } }
        return ValidationError(field: field, String(message))
    }
}
