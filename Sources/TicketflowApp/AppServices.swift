import Foundation
import Logging
import TicketflowAuth
import TicketflowConsole
import TicketflowCore
import TicketflowEscalation
import TicketflowKnowledge
import TicketflowMetrics
import TicketflowPostgres
import TicketflowSQLite

/// Everything a store must do for Ticketflow: tickets, knowledge, change
/// feed for other nodes, the work queue, ratings and QA, and the agent
/// console's tables. SQLite and PostgreSQL both do.
public typealias TicketflowStore =
    TicketStore & ArticleStore & ChangeFeed & JobQueue & AnalyticsStore & AgentStore & IntegrationEventStore
    & WebhookStore & OutboxStore & ModelStore & MailboxStore & MailArchiveStore & MailboxAccountStore & InboxStore
    & AnswerPreviewStore

/// The composition root: the one place that knows every concrete type.
/// Server, CLI and tests all build their services here.
public struct AppServices: Sendable {
    /// Version string reported by health and recorded in traces.
    public static let version = "0.1.0"

    public let configuration: AppConfiguration
    public let store: any TicketflowStore
    public let engines: Engines
    public let tickets: TicketService
    /// Review queue, escalation packages and agent actions.
    public let desk: AgentDesk
    /// Saves the escalation packages of tickets that need a person, after their
    /// commit; the server runs it as a background service (`EscalationPackagerService`).
    public let packager: EscalationPackager
    /// Users, sessions and API tokens.
    public let accounts: AccountService
    /// Signs the one-click rating links sent with answers.
    public var ratingLinks: RatingLinkSigner?
    /// Sends outgoing messages on the channels that have an adapter (email over SMTP when configured).
    public let deliveries: DeliveryService
    /// Where pipeline runs, LLM calls, gauges and HTTP requests are recorded,
    /// and the `/metrics` exposition: this server's own registry, never a global one.
    public let metrics: MetricsExporter
    /// Tells open inbox pages that tickets changed; the server runs its poll (`InboxUpdatesService`).
    public let inboxUpdates: InboxUpdates

    /// Opens the configured store (SQLite file, or PostgreSQL for `database_url`),
    /// builds the engines and pipeline, and runs `body` with them. A PostgreSQL
    /// connection pool lives exactly as long as `body`. Metrics go to `metrics`,
    /// by default a fresh Prometheus registry for this server.
    public static func with<T>(
        _ configuration: AppConfiguration, logger: Logger, metrics: MetricsExporter? = nil,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (AppServices) async throws -> T
    ) async throws -> T {
        try configuration.validate()
        if let url = configuration.databaseURL {
            return try await withPostgresStore(url: url, logger: logger) { store in
                try await body(try await assemble(configuration, store: store, logger: logger, metrics: metrics))
            }
        }
        let store = try SQLiteStore.open(
            dataDirectory: configuration.dataDirectory, durability: configuration.storeDurability)
        return try await body(try await assemble(configuration, store: store, logger: logger, metrics: metrics))
    }

    /// Services on an already open store (tests use this with SQLite). Without
    /// `metrics`, a fresh Prometheus registry: each server (and each test) counts
    /// only its own work.
    public static func assemble(
        _ configuration: AppConfiguration, store: any TicketflowStore, logger: Logger, metrics: MetricsExporter? = nil
    ) async throws -> AppServices {
        let metrics = metrics ?? .prometheus()
        let engines = try await Engines.build(configuration, store: store, logger: logger)
        let observer: @Sendable ([TraceEntry], Ticket) -> Void = { trace, ticket in
            metrics.recordPipelineRun(trace, ticket: ticket)
        }
        var adapters: [any DeliveryAdapter] = []
        if let email = try configuration.outboundEmail() {
            let accounts = MailboxAccountSettings(configuration: configuration)
            adapters.append(
                SMTPDeliveryAdapter(settings: email, mailboxes: store) { name in
                    try await store.mailboxAccount(named: name).flatMap(accounts.outbound)
                })
        }
        var deliveries = DeliveryService(store: store, adapters: adapters)
        deliveries.policy.escalationAcknowledgement = configuration.escalationAcknowledgement
        var desk = AgentDesk(store: store, sla: configuration.team.sla, outbox: deliveries.policy)
        desk.drafting = Pipeline(stages: engines.agentDraftStages(metrics: metrics))
        // Intake and answer jobs write through the packaging store, so a ticket
        // that needs a person has its escalation package from the start.
        let packager = EscalationPackager(desk: desk) { ticketID, error in
            logger.warning(
                "escalation package not saved; the desk rebuilds it on first read",
                metadata: ["ticket": "\(ticketID)", "error": "\(error)"])
        }
        let packaging = EscalationPackagingStore(base: store, packager: packager)
        var answerJobs: AnswerJobs?
        var intakeStages = engines.triageStages() + engines.answeringStages(metrics: metrics)
        if configuration.answersFromQueue {
            intakeStages = engines.triageStages()
            answerJobs = AnswerJobs(
                store: packaging, queue: store, pipeline: Pipeline(stages: engines.answeringStages(metrics: metrics)),
                outbox: deliveries.policy)
        }
        var services = AppServices(
            configuration: configuration, store: store, engines: engines,
            tickets: TicketService(
                store: packaging, pipeline: Pipeline(stages: intakeStages), observer: observer, answerJobs: answerJobs,
                outbox: deliveries.policy, followUps: FollowUpRule(days: configuration.team.reopenDays, store: store)),
            desk: desk, packager: packager,
            accounts: accounts(configuration, store: store, desk: desk, logger: logger),
            deliveries: deliveries, metrics: metrics, inboxUpdates: InboxUpdates(store: store))
        if configuration.demo {
            let seeded = try await DemoContent.seedIfEmpty(services)
            if seeded > 0 { logger.info("seeded demo content", metadata: ["tickets": "\(seeded)"]) }
        }
        services.ratingLinks = try RatingLinkSecret.signer(for: configuration)
        return services
    }

    /// The poller of the configured mailbox (`imap_url`), or nil when email intake is off.
    public func mailboxPoller(logger: Logger) throws -> MailboxPoller? {
        guard let settings = try configuration.inboundEmail() else { return nil }
        return MailboxPoller(settings: settings, store: store, tickets: tickets, logger: logger)
    }

    /// Every mailbox this server polls: the configured one and the enabled ones admins added.
    func mailboxDirectory(logger: Logger) throws -> MailboxDirectory {
        MailboxDirectory(
            configured: try mailboxPoller(logger: logger), store: store,
            settings: MailboxAccountSettings(configuration: configuration), logger: logger
        ) { [store, tickets] settings in
            MailboxPoller(settings: settings, store: store, tickets: tickets, logger: logger)
        }
    }

    /// Adding and changing admin mailboxes, with their URLs checked as `imap_url` and `smtp_url` are.
    public var mailboxAccounts: MailboxAccounts {
        MailboxAccounts(store: store, checkServers: MailboxAccountSettings(configuration: configuration).check)
    }
}

extension AppServices {
    /// The account service, wired so that deactivating someone gives their unfinished tickets (open or
    /// parked) back to the queue, each with an audited release, instead of leaving them with nobody to answer.
    static func accounts(
        _ configuration: AppConfiguration, store: any TicketflowStore, desk: AgentDesk, logger: Logger
    ) -> AccountService {
        var accounts = AccountService(
            store: store, hasher: PasswordHasher(cost: configuration.passwordHashCost), signIn: configuration.signIn)
        accounts.afterDeactivation = { user in
            var query = InboxQuery(
                statuses: AgentDesk.heldStatuses, assignee: .user(user.email), limit: InboxQuery.maximumLimit)
            var released = 0
            while let page = try? await store.inbox(query) {
                released += await desk.releaseTickets(
                    page.entries.map(\.ticket), heldBy: user.email, reason: "\(user.email) was deactivated")
                guard let next = page.nextBefore else { break }
                query.before = next
            }
            logger.info("deactivated", metadata: ["user": "\(user.email)", "tickets_released": "\(released)"])
        }
        return accounts
    }
}
