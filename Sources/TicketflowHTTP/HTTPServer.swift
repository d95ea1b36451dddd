import CoreMetrics
import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import ServiceLifecycle
import TicketflowAuth
import TicketflowChat
import TicketflowCore
import TicketflowEscalation
import TicketflowKnowledge
import TicketflowTriage

/// Settings of the HTTP edge.
public struct HTTPConfiguration: Sendable {
    /// Saved replies offered on the console's ticket page (the config file's `macros`).
    public var macros: [ReplyMacro] = []
    /// Minutes since someone's last request during which the Team page shows them online (`assignment.online_minutes`).
    public var onlineMinutes = AssignmentRules.defaultOnlineMinutes
    public var host: String
    public var port: Int
    /// Largest accepted request body; larger ones get 413.
    public var maximumBodyBytes: Int
    /// Cookie flags and the optional intake token.
    public var auth: AuthConfiguration
    /// The team's targets for `/v1/metrics/summary` and the dashboard.
    public var dashboardTargets: DashboardTargets
    /// The team's queues and the categories each takes (`queue=` on the review queue); empty without any.
    public var queues: [String: [String]] = [:]

    /// Settings for a server on `host:port`.
    public init(
        host: String = "127.0.0.1", port: Int = 8080, maximumBodyBytes: Int = 1 << 20,
        auth: AuthConfiguration = AuthConfiguration(), dashboardTargets: DashboardTargets = .defaults,
        queues: [String: [String]] = [:]
    ) {
        self.host = host
        self.port = port
        self.maximumBodyBytes = maximumBodyBytes
        self.auth = auth
        self.dashboardTargets = dashboardTargets
        self.queues = queues
    }
}

/// What the HTTP edge exposes; the composition root fills it in.
public struct HTTPServices: Sendable {
    /// Intake and the ticket store.
    public var tickets: TicketService
    /// Reported by `/healthz`.
    public var version: String
    /// Prometheus text exposition for `/metrics`; nil leaves the route out.
    public var metricsExposition: (@Sendable () -> [UInt8])?
    /// Where request counts and durations are recorded; nil records none.
    public var metricsFactory: (any MetricsFactory)?
    /// `/v1/kb/*`; nil leaves the routes out.
    public var knowledge: KnowledgeBase?
    /// `POST /v1/classify`; nil leaves the route out.
    public var triage: TriageEngine?
    /// `/v1/jobs`; nil leaves the routes out.
    public var jobs: (any JobQueue)?
    /// Ratings and `/v1/metrics/summary`; nil leaves the routes out.
    public var analytics: (any AnalyticsStore)?
    /// `/v1/agent/*`; nil leaves the routes out.
    public var desk: AgentDesk?
    /// Sign-in, sessions and tokens; nil leaves authentication (and `/v1/admin/*`) out.
    public var accounts: AccountService?
    /// Signed one-click rating links (`/v1/ratings/...`); nil leaves the route out.
    public var ratingLinks: RatingLinkSigner?
    /// The store's write-health record, reported by `/healthz`; nil reports reads only.
    public var storeHealth: StoreHealth?
    /// Outgoing deliveries (`/v1/deliveries`); nil leaves the routes out.
    public var outbox: (any OutboxStore)?
    /// The integration event feed (`GET /v1/events`); nil leaves the route out.
    public var events: (any IntegrationEventStore)?
    /// Webhook subscriptions (`/v1/admin/webhooks`) and how their signing
    /// secrets are made; nil leaves the routes out.
    public var webhooks: (store: any WebhookStore, makeSecret: @Sendable () -> String)?
    /// Customer mails' attachments and originals (`/v1/tickets/{id}/attachments`, `…/original`); nil leaves
    /// the routes out.
    public var mailArchive: (any MailArchiveStore)?
    /// Runs the QA review over answers since a time (`POST /v1/qa/run`); nil leaves `/v1/qa/*` out.
    public var runQA: (@Sendable (Date) async throws -> QARunReport)?
    /// The live chat widget (`/v1/chat/*`, `/widget.js`); nil leaves it out.
    public var chat: ChatEdge?

    /// Collects the services; optional ones leave their routes out.
    public init(
        tickets: TicketService, version: String, metricsExposition: (@Sendable () -> [UInt8])? = nil,
        knowledge: KnowledgeBase? = nil, triage: TriageEngine? = nil, jobs: (any JobQueue)? = nil,
        analytics: (any AnalyticsStore)? = nil, desk: AgentDesk? = nil, accounts: AccountService? = nil,
        runQA: (@Sendable (Date) async throws -> QARunReport)? = nil
    ) {
        self.tickets = tickets
        self.version = version
        self.metricsExposition = metricsExposition
        self.knowledge = knowledge
        self.triage = triage
        self.jobs = jobs
        self.analytics = analytics
        self.desk = desk
        self.accounts = accounts
        self.runQA = runQA
    }
}

/// The chat channel as the HTTP edge serves it.
public struct ChatEdge: Sendable {
    public var service: ChatService
    public var hub: ChatHub
    /// Key per-address limits on the last `X-Forwarded-For` entry (behind a proxy).
    public var trustForwardedFor: Bool
    /// The site `/demo/chat` embeds; nil serves no demo page.
    public var demoSite: String?
    /// Serve `/help/articles/{id}` for answers' source links (when articles are published nowhere else).
    public var publishesArticles: Bool

    public init(
        service: ChatService, hub: ChatHub, trustForwardedFor: Bool = false, demoSite: String? = nil,
        publishesArticles: Bool = false
    ) {
        self.service = service
        self.hub = hub
        self.trustForwardedFor = trustForwardedFor
        self.demoSite = demoSite
        self.publishesArticles = publishesArticles
    }

    /// The router that upgrades the widget's WebSocket requests.
    public var webSocketRouter: Router<ChatSocketContext> { ChatSocket(routes: routes).router() }

    var routes: ChatRoutes { ChatRoutes(chat: service, hub: hub, trustForwardedFor: trustForwardedFor) }

    /// Where the answer worker sends a checked preview of the answer it writes for `ticket` (to customer
    /// message `question`): the widgets
    /// watching it on this node, when its site has `stream_answers`; nil for every other ticket.
    public func previewSink(for ticket: Ticket, question: Int64) async -> AnswerTextSink? {
        guard service.settings.site(of: ticket)?.streamsAnswers == true else { return nil }
        return await hub.previewSink(ticketID: ticket.id, question: question)
    }
}

/// Builds the HTTP side of Ticketflow from the services it exposes.
public enum HTTPServer {
    /// The router with every route and the problem+json middleware.
    public static func router(
        _ services: HTTPServices, configuration: HTTPConfiguration
    ) -> Router<TicketflowRequestContext> {
        let router = Router(context: TicketflowRequestContext.self)
        router.add(middleware: ProblemMiddleware())
        router.add(middleware: NULInURIMiddleware())
        let body = JSONBody(maximumBytes: configuration.maximumBodyBytes)
        if let accounts = services.accounts {
            router.add(middleware: AuthMiddleware(accounts: accounts, configuration: configuration.auth))
        }
        HealthRoutes(store: services.tickets.store, health: services.storeHealth, version: services.version)
            .register(on: router)
        if let factory = services.metricsFactory {
            // Request counts and durations per route, through the injected factory.
            router.add(middleware: RequestMetricsMiddleware(factory: factory))
        }
        if let exposition = services.metricsExposition {
            let metricsToken = configuration.auth.metricsToken
            router.get("metrics") { request, context in
                try MetricsAccess.check(request, context, token: metricsToken)
                var headers = HTTPFields()
                headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
                return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: exposition())))
            }
        }
        TicketRoutes(service: services.tickets, body: body, anonymousIntake: configuration.auth.anonymousIntake)
            .register(on: router)
        if let archive = services.mailArchive {
            AttachmentRoutes(archive: archive, tickets: services.tickets.store).register(on: router)
        }
        if let desk = services.desk {
            AgentRoutes(desk: desk, body: body, queues: configuration.queues).register(on: router)
        }
        if let accounts = services.accounts { AdminRoutes(accounts: accounts, body: body).register(on: router) }
        if let knowledge = services.knowledge { KnowledgeRoutes(knowledge: knowledge, body: body).register(on: router) }
        if let triage = services.triage { ClassifyRoutes(engine: triage, body: body).register(on: router) }
        if let signer = services.ratingLinks, let analytics = services.analytics {
            RatingLinkRoutes(signer: signer, store: analytics).register(on: router)
        }
        if let chat = services.chat {
            chat.routes.register(on: router)
            ChatPublicRoutes(articles: chat.publishesArticles ? services.knowledge : nil, demoSite: chat.demoSite)
                .register(on: router)
        }
        if let jobs = services.jobs { JobRoutes(queue: jobs).register(on: router) }
        if let events = services.events { EventRoutes(store: events).register(on: router) }
        if let outbox = services.outbox { DeliveryRoutes(store: outbox).register(on: router) }
        if let webhooks = services.webhooks {
            WebhookRoutes(store: webhooks.store, body: body, makeSecret: webhooks.makeSecret).register(on: router)
        }
        if let analytics = services.analytics {
            AnalyticsRoutes(
                store: analytics, tickets: services.tickets.store, body: body,
                anonymousIntake: configuration.auth.anonymousIntake, targets: configuration.dashboardTargets
            ).register(on: router)
            if let runQA = services.runQA { QARoutes(store: analytics, run: runQA, body: body).register(on: router) }
        }
        return router
    }

    /// The runnable application; `services` (background loops) run beside the
    /// server in its ServiceGroup and stop with it.
    /// `onListening` gets the bound port once the server accepts connections
    /// (the configured one, or the kernel's choice for port 0).
    /// `webSocketRouter` upgrades the chat widget's connections (`ChatEdge.webSocketRouter`).
    public static func application(
        router: Router<TicketflowRequestContext>, configuration: HTTPConfiguration,
        services: [any Service] = [], logger: Logger, webSocketRouter: Router<ChatSocketContext>? = nil,
        onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(
            router: router,
            // RFC 6455: a text frame that is not UTF-8 fails the connection (1007) instead of becoming a
            // message of replacement characters.
            server: webSocketRouter.map {
                .http1WebSocketUpgrade(webSocketRouter: $0, configuration: .init(ws: .init(validateUTF8: true)))
            } ?? .http1(),
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port),
                serverName: "ticketflow"),
            services: services,
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? configuration.port) },
            logger: logger
        )
    }
}
