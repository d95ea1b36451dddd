import Foundation
import Hummingbird
import Logging
import TicketflowAuth
import TicketflowCore
import TicketflowEscalation
import TicketflowHTTP
import TicketflowKnowledge

/// `/console`: the server-rendered agent console. Its routes sit on the same
/// router as the JSON API, so `AuthMiddleware` has already identified the
/// caller; each handler checks the role itself and renders refusals and
/// errors as friendly pages instead of problem+json.
public struct ConsoleRoutes: Sendable {
    let desk: AgentDesk
    let accounts: AccountService
    let knowledge: KnowledgeBase
    let configuration: HTTPConfiguration
    /// The dashboard's figures; nil leaves `/console/dashboard` out.
    let analytics: (any AnalyticsStore)?
    /// The running category model's labels, read on every page so a
    /// reloaded model's taxonomy shows without a restart.
    let categoryLabels: @Sendable () -> [String]
    /// Webhook subscriptions and how to make a signing secret; nil leaves `/console/webhooks` out.
    let webhooks: (store: any WebhookStore, makeSecret: @Sendable () -> String)?
    /// Deliveries, for the retry button under a failed reply; nil leaves it out.
    let outbox: (any OutboxStore)?
    /// Customer mails' attachments and originals, listed under their messages; nil leaves them out.
    public var mailArchive: (any MailArchiveStore)?
    /// Search and filters over every ticket; nil leaves `/console/inbox` out.
    public var inbox: (any InboxStore)?
    /// Pushes "tickets changed" to open inbox pages (`/console/inbox/events`); nil: the pages poll.
    public var inboxUpdates: InboxUpdates?
    let renderer = ConsoleRenderer()

    /// Categories offered when the category model has no labels.
    public static let defaultCategories = [
        "billing", "technical", "account", "product_question", "feature_request", "complaint",
    ]

    /// Creates the console over the desk, accounts and knowledge base (and analytics for the dashboard).
    /// `categories` gives the labels of the category model in use, offered for relabelling and filtering;
    /// `webhooks` the subscriptions admins manage on `/console/webhooks` and the maker of their secrets.
    public init(
        desk: AgentDesk, accounts: AccountService, knowledge: KnowledgeBase, configuration: HTTPConfiguration,
        analytics: (any AnalyticsStore)? = nil, categories: @escaping @Sendable () -> [String] = { [] },
        webhooks: (store: any WebhookStore, makeSecret: @Sendable () -> String)? = nil,
        outbox: (any OutboxStore)? = nil
    ) {
        self.desk = desk
        self.accounts = accounts
        self.knowledge = knowledge
        self.configuration = configuration
        self.analytics = analytics
        self.categoryLabels = categories
        self.webhooks = webhooks
        self.outbox = outbox
    }

    /// The categories to offer: the model's labels, or the defaults when it has none.
    /// Labels that are also defaults keep the defaults' order (the model stores its labels sorted).
    var categories: [String] {
        let labels = categoryLabels().filter { !$0.isEmpty }
        guard !labels.isEmpty else { return Self.defaultCategories }
        let known = Set(labels)
        let defaults = Self.defaultCategories.filter(known.contains)
        return defaults + labels.filter { !Self.defaultCategories.contains($0) }
    }

    /// Adds every console route to `router`.
    public func register(on router: Router<TicketflowRequestContext>) {
        let console = router.group("console")
        console.get { _, _ in ConsoleRenderer.redirect("/console/queue") }
        console.get("login") { request, context in loginPage(request, context) }
        console.post("login") { request, context in await logIn(request, context) }
        console.post("logout") { request, context in
            await guarded(request, context) { viewer, form in
                if case .session(_, let cookie) = viewer.credential { try await accounts.logOut(cookieToken: cookie) }
                var headers = HTTPFields()
                headers[.setCookie] = SessionCookie.clearing(secure: configuration.auth.secureCookies)
                return ConsoleRenderer.redirect("/console/login", headers: headers)
            }
        }
        console.get("queue") { request, context in
            await guarded(request, context) { viewer, _ in
                try await queuePage(request, viewer: viewer)
            }
        }
        if let inbox {
            console.get("inbox") { request, context in
                await guarded(request, context) { viewer, _ in
                    try await inboxPage(request, store: inbox, viewer: viewer, live: inboxUpdates != nil)
                }
            }
        }
        if let inboxUpdates {
            console.get("inbox/events") { request, context in
                await guarded(request, context) { _, _ in await Self.inboxEvents(inboxUpdates) }
            }
        }
        console.get("notifications") { request, context in
            await guarded(request, context) { viewer, _ in try await notifications(viewer: viewer) }
        }
        console.get("mentions") { request, context in
            await guarded(request, context) { viewer, _ in try await mentionsPage(viewer: viewer) }
        }
        console.get("tickets/:id") { request, context in
            await guarded(request, context) { viewer, _ in
                try await ticketPage(request, id: try ticketID(context), viewer: viewer)
            }
        }
        console.post("tickets/:id/:action") { request, context in
            await guarded(request, context) { viewer, form in
                try await ticketAction(
                    context.parameters.get("action") ?? "", id: try ticketID(context), form: form, viewer: viewer)
            }
        }
        if let outbox {
            console.post("deliveries/:id/retry") { request, context in
                await guarded(request, context) { _, _ in
                    let id = try ticketID(context)
                    guard let delivery = try await outbox.redeliver(id: id, at: Date()) else {
                        throw StoreError(.notFound, "There is no delivery \(id).")
                    }
                    return ConsoleRenderer.redirect("/console/tickets/\(delivery.ticketID)?done=retry")
                }
            }
        }
        registerKnowledge(on: console)
        console.get("team") { request, context in
            await guarded(request, context) { viewer, _ in
                try await teamPage(request, viewer: viewer)
            }
        }
        let teamActions: [(RouterPath, @Sendable (FormBody, CallerIdentity) async throws -> Response)] = [
            ("team", addTeamMember), ("team/remove", removeTeamMember), ("team/role", changeTeamRole),
            ("team/password", resetTeamPassword), ("team/active", setTeamMemberActive),
        ]
        for (path, action) in teamActions {
            console.post(path) { request, context in
                await guarded(request, context) { viewer, form in try await action(form, viewer) }
            }
        }
        if let analytics {
            console.get("dashboard") { request, context in
                await guarded(request, context) { viewer, _ in
                    try await dashboardPage(request, analytics: analytics, viewer: viewer)
                }
            }
        }
        if let webhooks { registerWebhooks(on: console, store: webhooks.store, makeSecret: webhooks.makeSecret) }
    }

    /// Runs a console handler for a signed-in agent or admin. Anonymous GETs
    /// get the sign-in page (401), other refusals and errors a page saying
    /// what went wrong. Form POSTs must carry the session's CSRF token.
    func guarded(
        _ request: Request, _ context: TicketflowRequestContext,
        _ body: (CallerIdentity, FormBody) async throws -> Response
    ) async -> Response {
        guard let viewer = context.identity else {
            if request.method == .get {
                return loginPage(request, context, status: .unauthorized, next: request.uri.path)
            }
            return problemPage(
                .unauthorized, "Please sign in", "Your session has ended. Sign in and try again.", viewer: nil,
                back: ("/console/login", "Sign in"))
        }
        guard viewer.role.satisfies(.agent) else {
            return problemPage(
                .forbidden, "Not allowed",
                "The console is for agents and admins; this credential has the \(viewer.role.rawValue) role.",
                viewer: nil, back: ("/console/login", "Sign in as an agent"))
        }
        do {
            var form = FormBody(parsing: "")
            if request.method == .post {
                form = try await FormBody.read(request, maximumBytes: configuration.maximumBodyBytes)
                if let expected = viewer.csrfToken, !SecretToken.constantTimeEquals(form["_csrf"] ?? "", expected) {
                    return problemPage(
                        .forbidden, "Form expired",
                        "This form was not sent from your current console page. Reload the page and try again.",
                        viewer: viewer,
                        back: (request.headers[.referer].flatMap(Self.localPath) ?? "/console/queue", "Back"))
                }
            }
            return try await body(viewer, form)
        } catch {
            let problem = ProblemMiddleware<TicketflowRequestContext>.problem(for: error, request: request)
            if problem.status.code >= 500 {
                context.logger.error("console request failed", metadata: ["error": "\(String(reflecting: error))"])
            }
            let back = context.parameters.get("id").map { ("/console/tickets/\($0)", "Back to the ticket") }
            return problemPage(
                problem.status, problem.title, problem.detail, viewer: viewer,
                back: Self.backLink(path: request.uri.path) ?? back ?? ("/console/queue", "Review queue"))
        }
    }

    func problemPage(
        _ status: HTTPResponse.Status, _ heading: String, _ detail: String, viewer: CallerIdentity?,
        back: (String, String)
    ) -> Response {
        let problem = ConsolePages.Problem(heading: heading, detail: detail, backLink: back.0, backLabel: back.1)
        return renderer.page("problem", frame(title: heading, viewer: viewer), problem, status: status)
    }

    /// Title and navigation data every page needs.
    func frame(title: String, viewer: CallerIdentity?, notice: String? = nil) -> ConsoleFrame {
        let user = viewer.map {
            ConsoleFrame.User(
                name: $0.actor.name, role: $0.role.rawValue, csrf: $0.csrfToken ?? "", admin: $0.role.satisfies(.admin))
        }
        return ConsoleFrame(title: title, user: user, csrf: viewer.map { $0.csrfToken ?? "" }, notice: notice)
    }

    /// Everyone's display name by email, for pages that name who wrote or answered something.
    func displayNames() async throws -> [String: String] {
        Dictionary(
            try await accounts.store.users().map { ($0.email, $0.name) }, uniquingKeysWith: { first, _ in first })
    }

    func ticketID(_ context: TicketflowRequestContext) throws -> Int64 {
        guard let raw = context.parameters.get("id"), let id = Int64(raw), id > 0 else {
            throw StoreError(.notFound, "ticket ids are positive integers")
        }
        return id
    }

    /// Where an error page on `path` links back to, for the pages that are not about a ticket.
    static func backLink(path: String) -> (String, String)? {
        if path.hasPrefix("/console/kb") { return ("/console/kb", "Knowledge base") }
        if path.hasPrefix("/console/team") { return ("/console/team", "Team") }
        if path.hasPrefix("/console/webhooks") { return ("/console/webhooks", "Webhooks") }
        return nil
    }

    /// The path of a same-site URL, so redirects never leave the console.
    static func localPath(_ url: String) -> String? {
        guard let components = URLComponents(string: url), components.path.hasPrefix("/console") else { return nil }
        return components.path
    }
}
