import Foundation

/// A mailbox an admin added at run time: read over IMAP and, when `smtpURL` is set, answered through its own
/// SMTP server (else through the server's `smtp_url`). The URLs carry the credentials, so they are never
/// shown back as they are: use `maskedIMAPURL` and `maskedSMTPURL`.
public struct MailboxAccount: Sendable, Equatable, Identifiable {
    public var id: Int64
    /// Unique; names the mailbox in job keys, logs and each mail's record.
    public var name: String
    /// The mailbox's own address: the From of replies, and the address whose mail is a loop.
    public var address: String
    /// `imaps://user:password@host:993/INBOX`, as `imap_url` in the configuration.
    public var imapURL: String
    /// `smtp://user:password@host:587`, as `smtp_url`; nil sends through the server's `smtp_url`.
    public var smtpURL: String?
    /// A disabled mailbox is kept but not polled.
    public var enabled: Bool
    public var createdAt: Date
    public var updatedAt: Date

    /// A stored mailbox.
    public init(
        id: Int64, name: String, address: String, imapURL: String, smtpURL: String?, enabled: Bool,
        createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.name = name
        self.address = address
        self.imapURL = imapURL
        self.smtpURL = smtpURL
        self.enabled = enabled
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The name of the configuration file's mailbox, which admins cannot take.
    public static let configuredName = "default"

    /// `imapURL` with the password replaced by `•••`.
    public var maskedIMAPURL: String { Self.masked(imapURL) }

    /// `smtpURL` with the password replaced by `•••`.
    public var maskedSMTPURL: String? { smtpURL.map(Self.masked) }

    /// `url` with its password (between `user:` and the `@` before the host) replaced by `•••`. Read by hand
    /// rather than through URLComponents so that no malformed text can make it print the secret part.
    public static func masked(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return "•••" }
        let rest = url[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex(where: { "/?#".contains($0) }) ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        guard let at = authority.lastIndex(of: "@") else { return url }
        let userInfo = authority[..<at]
        guard let colon = userInfo.firstIndex(of: ":") else { return url }
        return String(url[..<colon]) + ":•••" + String(url[at...])
    }

    /// The refusal for a second mailbox with the same name (a 409 at the HTTP edge).
    public static func duplicateName(_ name: String) -> Refusal {
        Refusal(.conflict, "a mailbox named '\(name)' already exists")
    }
}

/// A mailbox to add, as an admin entered it (`MailboxAccounts` checks it before it is stored).
public struct NewMailboxAccount: Sendable, Equatable {
    public var name: String
    public var address: String
    public var imapURL: String
    public var smtpURL: String?
    public var enabled: Bool

    /// A mailbox to add.
    public init(name: String, address: String, imapURL: String, smtpURL: String? = nil, enabled: Bool = true) {
        self.name = name
        self.address = address
        self.imapURL = imapURL
        self.smtpURL = smtpURL
        self.enabled = enabled
    }
}

/// What an admin changes on a mailbox; nil leaves a field as it is (`smtpURL: .some(nil)` removes it).
public struct MailboxAccountChange: Sendable, Equatable {
    public var address: String?
    public var imapURL: String?
    public var smtpURL: String??
    public var enabled: Bool?

    /// A change of the given fields.
    public init(address: String? = nil, imapURL: String? = nil, smtpURL: String?? = nil, enabled: Bool? = nil) {
        self.address = address
        self.imapURL = imapURL
        self.smtpURL = smtpURL
        self.enabled = enabled
    }
}
