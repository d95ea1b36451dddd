import Foundation
import Hummingbird
import TicketflowCore

/// `/v1/admin/mailboxes`: the mailboxes admins add at run time, for admins only. The URLs carry passwords,
/// so answers show them masked (`imaps://support:•••@host/INBOX`) and never as stored.
public struct MailboxRoutes: Sendable {
    let accounts: MailboxAccounts
    let body: JSONBody

    /// Routes over `accounts`, reading bodies up to the configuration's limit.
    public init(accounts: MailboxAccounts, configuration: HTTPConfiguration) {
        self.accounts = accounts
        body = JSONBody(maximumBytes: configuration.maximumBodyBytes)
    }

    /// Adds the routes to `router`, behind the admin role gate.
    public func register(on router: Router<TicketflowRequestContext>) {
        let mailboxes = router.group("v1/admin/mailboxes").add(middleware: RoleGate([.admin]))
        mailboxes.get { _, _ in
            try JSONBody.response(
                MailboxListResponse(mailboxes: try await accounts.store.mailboxAccounts().map(MailboxJSON.init)))
        }
        mailboxes.post { request, _ in
            let (new, _) = try await body.decode(CreateMailboxRequest.self, from: request)
            let created = try await checked {
                try await accounts.create(
                    NewMailboxAccount(
                        name: new.name, address: new.address, imapURL: new.imapURL, smtpURL: new.smtpURL,
                        enabled: new.enabled ?? true))
            }
            return try JSONBody.response(MailboxJSON(created), status: .created)
        }
        mailboxes.get(":id") { _, context in
            try JSONBody.response(MailboxJSON(try await accounts.existing(try context.positiveID(of: "mailbox"))))
        }
        mailboxes.patch(":id") { request, context in
            let id = try context.positiveID(of: "mailbox")
            let (change, _) = try await body.decode(UpdateMailboxRequest.self, from: request)
            let updated = try await checked {
                try await accounts.update(
                    id: id,
                    MailboxAccountChange(
                        address: change.address, imapURL: change.imapURL, smtpURL: change.smtpURL,
                        enabled: change.enabled))
            }
            return try JSONBody.response(MailboxJSON(updated))
        }
        mailboxes.delete(":id") { _, context in
            try await accounts.delete(id: try context.positiveID(of: "mailbox"))
            return Response(status: .noContent)
        }
    }

    /// Runs `body`, answering a refused field with a 400 problem that names it.
    private func checked<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as ValidationError {
            throw Problem.badRequest("invalid-field", error.description)
        }
    }
}

/// A mailbox as the API shows it: the URLs with their passwords masked.
struct MailboxJSON: Encodable {
    var id: Int64
    var name: String
    var address: String
    var imapURL: String
    var smtpURL: String?
    var enabled: Bool
    var createdAt: Date
    var updatedAt: Date

    init(_ mailbox: MailboxAccount) {
        id = mailbox.id
        name = mailbox.name
        address = mailbox.address
        imapURL = mailbox.maskedIMAPURL
        smtpURL = mailbox.maskedSMTPURL
        enabled = mailbox.enabled
        createdAt = mailbox.createdAt
        updatedAt = mailbox.updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, name, address, enabled
        case imapURL = "imap_url"
        case smtpURL = "smtp_url"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }
}

struct MailboxListResponse: Encodable {
    var mailboxes: [MailboxJSON]
}

struct CreateMailboxRequest: Decodable {
    var name: String
    var address: String
    var imapURL: String
    var smtpURL: String?
    var enabled: Bool?

    enum CodingKeys: String, CodingKey {
        case name, address, enabled
        case imapURL = "imap_url"
        case smtpURL = "smtp_url"
    }
}

/// Fields left out stay as they are; `"smtp_url": null` removes the mailbox's own SMTP server.
struct UpdateMailboxRequest: Decodable {
    var address: String?
    var imapURL: String?
    var smtpURL: String??
    var enabled: Bool?

    enum CodingKeys: String, CodingKey {
        case address, enabled
        case imapURL = "imap_url"
        case smtpURL = "smtp_url"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        address = try container.decodeIfPresent(String.self, forKey: .address)
        imapURL = try container.decodeIfPresent(String.self, forKey: .imapURL)
        enabled = try container.decodeIfPresent(Bool.self, forKey: .enabled)
        if container.contains(.smtpURL) {
            smtpURL = .some(
                try container.decodeNil(forKey: .smtpURL) ? nil : container.decode(String.self, forKey: .smtpURL))
        }
    }
}
