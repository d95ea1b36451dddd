import Foundation
import Hummingbird
import TicketflowCore
import TicketflowEscalation
import TicketflowHTTP

/// `/console/webhooks`: admins subscribe URLs to events, see each one's state
/// and delivery log, and turn subscriptions off, on, or delete them. The same
/// rules as `/v1/admin/webhooks`; agents are refused (403) on every route.
extension ConsoleRoutes {
    /// How many attempts the delivery log shows.
    static let webhookLogLimit = 50

    func registerWebhooks(
        on console: RouterGroup<TicketflowRequestContext>, store: any WebhookStore,
        makeSecret: @escaping @Sendable () -> String
    ) {
        console.get("webhooks") { request, context in
            await guarded(request, context) { viewer, _ in
                try await webhooksPage(request, store: store, viewer: viewer)
            }
        }
        console.post("webhooks") { request, context in
            await guarded(request, context) { viewer, form in
                try await createWebhook(form, store: store, makeSecret: makeSecret, viewer: viewer)
            }
        }
        console.get("webhooks/:id") { request, context in
            await guarded(request, context) { viewer, _ in
                try await webhookLog(id: try webhookID(context), store: store, viewer: viewer)
            }
        }
        console.post("webhooks/:id/:action") { request, context in
            await guarded(request, context) { viewer, _ in
                try await webhookAction(
                    context.parameters.get("action") ?? "", id: try webhookID(context), store: store, viewer: viewer)
            }
        }
    }

    func webhooksPage(_ request: Request, store: any WebhookStore, viewer: CallerIdentity) async throws -> Response {
        try Self.requireWebhookAdmin(viewer)
        // The notice is picked from fixed text, so a crafted link cannot put words on the page.
        let notice = request.formQuery["done"].flatMap { Self.webhookNotices[String($0)] }
        let list = WebhookPageModel.list(try await store.webhooks(), now: Date())
        return renderer.page("webhooks", frame(title: "Webhooks", viewer: viewer, notice: notice), list)
    }

    /// Bad input comes back as the form with the reason (400). On success the
    /// answer itself shows the secret, once: not in a redirect URL or a cookie.
    func createWebhook(
        _ form: FormBody, store: any WebhookStore, makeSecret: @Sendable () -> String, viewer: CallerIdentity
    ) async throws -> Response {
        try Self.requireWebhookAdmin(viewer)
        let url = (form["url"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let prefix = WebhookPageModel.eventField
        let names = form.fields.keys.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
        let types: [IntegrationEventType]
        guard let format = WebhookFormat(rawValue: form["format"] ?? "ticketflow") else {
            throw ValidationError(field: "format", "must be ticketflow or slack")
        }
        do {
            _ = try WebhookInput.url(url)
            // Stored in the feed's own order, whatever order the form sent.
            let chosen = try WebhookInput.eventTypes(names.sorted())
            types = IntegrationEventType.allCases.filter(chosen.contains)
        } catch {
            let message =
                switch error.code {
                case .invalidURL: "Enter an absolute http or https URL, such as https://example.com/hooks/ticketflow."
                case .unknownEventType: "\(error.message)."
                }
            let list = WebhookPageModel.list(
                try await store.webhooks(), now: Date(), formURL: url,
                checked: Set(names.compactMap(IntegrationEventType.init(rawValue:))), error: message)
            return renderer.page("webhooks", frame(title: "Webhooks", viewer: viewer), list, status: .badRequest)
        }
        let secret = makeSecret()
        let hook = try await store.createWebhook(
            url: url, eventTypes: types, secret: secret, format: format, at: Date())
        let list = WebhookPageModel.list(
            try await store.webhooks(), now: Date(), created: .init(url: hook.url, secret: secret))
        return renderer.page("webhooks", frame(title: "Webhooks", viewer: viewer), list, status: .created)
    }

    func webhookLog(id: Int64, store: any WebhookStore, viewer: CallerIdentity) async throws -> Response {
        try Self.requireWebhookAdmin(viewer)
        guard let hook = try await store.webhook(id: id) else {
            throw StoreError(.notFound, "There is no webhook subscription \(id).")
        }
        let attempts = try await store.webhookAttempts(subscriptionID: id, limit: Self.webhookLogLimit)
        let log = WebhookPageModel.log(hook, attempts: attempts, limit: Self.webhookLogLimit, now: Date())
        return renderer.page("webhook-log", frame(title: "Delivery log", viewer: viewer), log)
    }

    /// Turn off, turn on, delete; then back to the list with a confirmation.
    /// A button on a stale page changes nothing that is already so: turning
    /// off keeps the reason it already has, turning on keeps the failure count.
    func webhookAction(
        _ name: String, id: Int64, store: any WebhookStore, viewer: CallerIdentity
    ) async throws -> Response {
        try Self.requireWebhookAdmin(viewer)
        guard Self.webhookNotices[name] != nil else {
            throw StoreError(.notFound, "The webhooks page has no action '\(name)'.")
        }
        guard var hook = try await store.webhook(id: id) else {
            throw StoreError(.notFound, "There is no webhook subscription \(id).")
        }
        var found = true
        switch name {
        case "disable" where hook.enabled:
            hook.enabled = false
            hook.disabledReason = "turned off by \(viewer.actor.id)"
            found = try await store.saveWebhookState(hook)
        case "enable" where !hook.enabled:
            found = try await store.saveWebhookState(WebhookRules().enabled(hook, at: Date()))
        case "delete":
            found = try await store.deleteWebhook(id: id)
        default:
            break
        }
        guard found else { throw StoreError(.notFound, "There is no webhook subscription \(id).") }
        return ConsoleRenderer.redirect("/console/webhooks?done=\(name)")
    }

    func webhookID(_ context: TicketflowRequestContext) throws -> Int64 {
        guard let raw = context.parameters.get("id"), let id = Int64(raw), id > 0 else {
            throw StoreError(.notFound, "webhook ids are positive integers")
        }
        return id
    }

    static func requireWebhookAdmin(_ viewer: CallerIdentity) throws {
        guard viewer.role.satisfies(.admin) else {
            throw Problem(.forbidden, "admin-only", "Admins only", detail: "Only admins can see and change webhooks.")
        }
    }

    /// Confirmation after each action, by action name (also the list of actions).
    static let webhookNotices: [String: String] = [
        "disable": "Turned off. A delivery already under way finishes; no new one starts until it is turned on.",
        "enable": "Turned on. It is due now and resumes from the first event it has not delivered.",
        "delete": "Deleted, with its delivery log.",
    ]
}
