import Foundation

/// Adding, changing and deleting admin mailboxes, with the same checks on every door (the API and the
/// console). The server URLs are checked by `checkServers`, which the composition root fills in with the
/// parsing the configuration file's `imap_url` and `smtp_url` go through, so a mailbox an admin adds is
/// exactly as valid as one in the file.
public struct MailboxAccounts: Sendable {
    /// Checks the IMAP URL and the optional SMTP URL for a mailbox with the given address; throws a
    /// `ValidationError` whose field is `imap_url` or `smtp_url`, and whose message never holds the password.
    public typealias ServerCheck = @Sendable (_ address: String, _ imapURL: String, _ smtpURL: String?) throws -> Void

    public let store: any MailboxAccountStore
    let checkServers: ServerCheck
    let now: @Sendable () -> Date
    /// Longest mailbox name.
    public static let maximumNameLength = 64

    /// Mailbox administration over `store`, checking URLs with `checkServers`.
    public init(
        store: any MailboxAccountStore, checkServers: @escaping ServerCheck,
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.store = store
        self.checkServers = checkServers
        self.now = now
    }

    /// Checks and stores a new mailbox; a taken name is a `Refusal` (conflict).
    public func create(_ new: NewMailboxAccount) async throws -> MailboxAccount {
        var new = new
        new.name = try Self.name(new.name)
        new.address = try EmailAddress(validating: new.address, field: "address").value
        new.smtpURL = Self.present(new.smtpURL)
        try checkServers(new.address, new.imapURL, new.smtpURL)
        return try await store.createMailboxAccount(new, at: now())
    }

    /// Applies `change` to mailbox `id` after checking the result; a missing mailbox is a `Refusal` (not found).
    public func update(id: Int64, _ change: MailboxAccountChange) async throws -> MailboxAccount {
        var mailbox = try await existing(id)
        if let address = change.address {
            mailbox.address = try EmailAddress(validating: address, field: "address").value
        }
        if let imapURL = change.imapURL { mailbox.imapURL = imapURL }
        if let smtpURL = change.smtpURL { mailbox.smtpURL = Self.present(smtpURL) }
        if let enabled = change.enabled { mailbox.enabled = enabled }
        try checkServers(mailbox.address, mailbox.imapURL, mailbox.smtpURL)
        mailbox.updatedAt = now()
        guard try await store.saveMailboxAccount(mailbox) else { throw Self.missing(id) }
        return try await store.mailboxAccount(id: id) ?? mailbox
    }

    /// Deletes mailbox `id` and returns it; a missing mailbox is a `Refusal` (not found).
    @discardableResult
    public func delete(id: Int64) async throws -> MailboxAccount {
        let mailbox = try await existing(id)
        guard try await store.deleteMailboxAccount(id: id) else { throw Self.missing(id) }
        return mailbox
    }

    /// Mailbox `id`, or a `Refusal` (not found).
    public func existing(_ id: Int64) async throws -> MailboxAccount {
        guard let mailbox = try await store.mailboxAccount(id: id) else { throw Self.missing(id) }
        return mailbox
    }

    /// A valid mailbox name: 1 to 64 letters, digits, `.`, `_` or `-`, and not the configuration file's own.
    public static func name(_ text: String) throws -> String {
        let name = text.trimmingCharacters(in: .whitespaces)
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "._-"))
        guard (1...maximumNameLength).contains(name.count), name.unicodeScalars.allSatisfy(allowed.contains),
            name.unicodeScalars.allSatisfy(\.isASCII)
        else {
            throw ValidationError(field: "name", "must be 1 to \(maximumNameLength) letters, digits, '.', '_' or '-'")
        }
        guard name.lowercased() != MailboxAccount.configuredName else {
            throw ValidationError(
                field: "name", "'\(MailboxAccount.configuredName)' is the configuration file's mailbox")
        }
        return name
    }

    private static func present(_ text: String?) -> String? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        return text
    }

    private static func missing(_ id: Int64) -> Refusal { Refusal(.notFound, "no mailbox \(id)") }
}
