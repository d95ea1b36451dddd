import Foundation
import Hummingbird
import TicketflowCore
import TicketflowEscalation

/// `/v1/admin/webhooks`: subscriptions to the event feed, for admins only.
/// The signing secret is shown once, in the answer to the create call.
struct WebhookRoutes: Sendable {
    let store: any WebhookStore
    let body: JSONBody
    /// Makes a new signing secret (the composition root passes the real one).
    let makeSecret: @Sendable () -> String
    var rules = WebhookRules()

    func register(on router: Router<TicketflowRequestContext>) {
        let hooks = router.group("v1/admin/webhooks").add(middleware: RoleGate([.admin]))
        hooks.get { _, _ in try JSONBody.response(WebhookListResponse(webhooks: try await store.webhooks())) }
        hooks.post(use: create)
        hooks.get(":id") { _, context in
            let hook = try await existing(context)
            let attempts = try await store.webhookAttempts(subscriptionID: hook.id, limit: 50)
            return try JSONBody.response(WebhookDetailResponse(webhook: hook, attempts: attempts))
        }
        hooks.post(":id/disable") { _, context in
            var hook = try await existing(context)
            hook.enabled = false
            hook.disabledReason = "turned off by \(context.identity?.actor.id ?? "an admin")"
            return try await save(hook)
        }
        hooks.post(":id/enable") { _, context in try await save(rules.enabled(try await existing(context), at: Date()))
        }
        hooks.delete(":id") { _, context in
            let id = try context.positiveID(of: "webhook")
            guard try await store.deleteWebhook(id: id) else { throw Problem.notFound("no webhook \(id)") }
            return Response(status: .noContent)
        }
    }

    @Sendable func create(_ request: Request, context: TicketflowRequestContext) async throws -> Response {
        let (new, _) = try await body.decode(CreateWebhookRequest.self, from: request)
        let url: String
        let types: [IntegrationEventType]
        do {
            url = try WebhookInput.url(new.url)
            types = try WebhookInput.eventTypes(new.events ?? [])
        } catch {
            throw Problem.badRequest(error.code.rawValue, error.message)
        }
        guard let format = WebhookFormat(rawValue: new.format ?? "ticketflow") else {
            throw Problem.badRequest("invalid-format", "format must be ticketflow or slack")
        }
        let secret = makeSecret()
        let hook = try await store.createWebhook(
            url: url, eventTypes: types, secret: secret, format: format, at: Date())
        return try JSONBody.response(CreatedWebhookResponse(webhook: hook, secret: secret), status: .created)
    }

    func existing(_ context: TicketflowRequestContext) async throws -> WebhookSubscription {
        let id = try context.positiveID(of: "webhook")
        guard let hook = try await store.webhook(id: id) else { throw Problem.notFound("no webhook \(id)") }
        return hook
    }

    func save(_ hook: WebhookSubscription) async throws -> Response {
        guard try await store.saveWebhookState(hook) else { throw Problem.notFound("no webhook \(hook.id)") }
        return try JSONBody.response(try await store.webhook(id: hook.id) ?? hook)
    }
}

struct CreateWebhookRequest: Decodable {
    var url: String
    /// Event type names; missing or empty means every type.
    var events: [String]?
    /// `ticketflow` (default) or `slack`.
    var format: String?
}

struct WebhookListResponse: Encodable {
    var webhooks: [WebhookSubscription]
}

struct WebhookDetailResponse: Encodable {
    var webhook: WebhookSubscription
    /// The newest delivery attempts, newest first.
    var attempts: [WebhookAttempt]
}

/// The only answer that carries the secret: it is not shown again.
struct CreatedWebhookResponse: Encodable {
    var webhook: WebhookSubscription
    var secret: String
}
