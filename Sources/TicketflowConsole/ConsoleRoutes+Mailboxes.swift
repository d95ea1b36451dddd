import Foundation
import Hummingbird
import TicketflowCore
import TicketflowHTTP

/// `/console/mailboxes`: admins add mailboxes, turn them off and on, and delete them, with the same checks as
/// `/v1/admin/mailboxes` (`MailboxAccounts`); agents are refused (403) on every route.
extension ConsoleRoutes {
    /// Adds the mailbox pages to `router`, over `accounts`.
    public func registerMailboxes(on router: Router<TicketflowRequestContext>, accounts: MailboxAccounts) {
        let console = router.group("console")
        console.get("mailboxes") { request, context in
            await guarded(request, context) { viewer, _ in
                try Self.requireMailboxAdmin(viewer)
                // The notice is picked from fixed text, so a crafted link cannot put words on the page.
                let notice = request.formQuery["done"].flatMap { Self.mailboxNotices[String($0)] }
                let list = MailboxPageModel.list(try await accounts.store.mailboxAccounts())
                return renderer.page("mailboxes", frame(title: "Mailboxes", viewer: viewer, notice: notice), list)
            }
        }
        console.post("mailboxes") { request, context in
            await guarded(request, context) { viewer, form in
                try await addMailbox(form, accounts: accounts, viewer: viewer)
            }
        }
        console.post("mailboxes/:id/:action") { request, context in
            await guarded(request, context) { viewer, _ in
                try Self.requireMailboxAdmin(viewer)
                let action = context.parameters.get("action") ?? ""
                guard let raw = context.parameters.get("id"), let id = Int64(raw), id > 0 else {
                    throw StoreError(.notFound, "mailbox ids are positive integers")
                }
                switch action {
                case "enable", "disable":
                    _ = try await accounts.update(id: id, MailboxAccountChange(enabled: action == "enable"))
                case "delete":
                    try await accounts.delete(id: id)
                default:
                    throw StoreError(.notFound, "The mailboxes page has no action '\(action)'.")
                }
                return ConsoleRenderer.redirect("/console/mailboxes?done=\(action)")
            }
        }
    }

    /// Bad input comes back as the form with the reason (400), keeping the name and address, never the URLs.
    func addMailbox(_ form: FormBody, accounts: MailboxAccounts, viewer: CallerIdentity) async throws -> Response {
        try Self.requireMailboxAdmin(viewer)
        let name = (form["name"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let address = (form["address"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let new = NewMailboxAccount(
            name: name, address: address, imapURL: (form["imap_url"] ?? "").trimmingCharacters(in: .whitespaces),
            smtpURL: form["smtp_url"])
        let message: String
        do {
            _ = try await accounts.create(new)
            return ConsoleRenderer.redirect("/console/mailboxes?done=added")
        } catch let error as ValidationError {
            message = "\(Self.fieldLabels[error.field] ?? error.field): \(error.message). Enter the URLs again."
        } catch let refusal as Refusal where refusal.code == .conflict {
            message = "A mailbox named \(name) already exists: choose another name. Enter the URLs again."
        }
        let list = MailboxPageModel.list(
            try await accounts.store.mailboxAccounts(), formName: name, formAddress: address, error: message)
        return renderer.page("mailboxes", frame(title: "Mailboxes", viewer: viewer), list, status: .badRequest)
    }

    static func requireMailboxAdmin(_ viewer: CallerIdentity) throws {
        guard viewer.role.satisfies(.admin) else {
            throw Problem(.forbidden, "admin-only", "Admins only", detail: "Only admins can see and change mailboxes.")
        }
    }

    /// How the form's fields are named in its messages.
    static let fieldLabels = [
        "name": "Name", "address": "Address", "imap_url": "IMAP URL", "smtp_url": "SMTP URL",
    ]

    /// Confirmation after each action, by action name.
    static let mailboxNotices: [String: String] = [
        "added": "Mailbox added. Its first poll comes within seconds; mail that arrives after it becomes tickets.",
        "disable":
            "Turned off. It is no longer polled (within seconds); its mail waits on the server until it is turned on.",
        "enable": "Turned on. It is polled again within seconds, from the mail it had not read.",
        "delete": "Deleted. It is no longer polled; its tickets stay.",
    ]
}
