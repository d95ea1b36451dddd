import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import TicketflowChat
import TicketflowConsole
import TicketflowCore
import TicketflowWebhooks
import TicketflowHTTP
import TicketflowMetrics
import TicketflowTriage

/// Builds the whole server as one value; `serve` runs it and tests build it
/// the same way.
/// `onListening` is called with the bound port once connections are accepted:
/// signal handling is in place by then, so "listening" means SIGTERM is graceful.
public func buildApplication(
    _ services: AppServices, logger: Logger, onListening: @escaping @Sendable (Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    var http = HTTPServices(
        tickets: services.tickets, version: AppServices.version,
        metricsExposition: services.metrics.render,
        knowledge: services.engines.knowledge, triage: services.engines.triage, jobs: services.store,
        analytics: services.store, desk: services.desk, accounts: services.accounts,
        runQA: { [runner = services.qaRunner()] since in try await runner.run(since: since) })
    http.metricsFactory = services.metrics.factory
    http.ratingLinks = services.ratingLinks
    http.events = services.store
    http.outbox = services.store
    http.mailArchive = services.store
    http.webhooks = (services.store, WebhookSignature.makeSecret)
    http.storeHealth = (services.store as? any StoreHealthReporting)?.health
    let chat: ChatEdge?
    do {
        chat = try services.chatEdge()
    } catch {
        chat = nil
        logger.error("chat widget off: \(error)")
    }
    http.chat = chat
    let router = HTTPServer.router(http, configuration: services.configuration.http)
    var console = ConsoleRoutes(
        desk: services.desk, accounts: services.accounts, knowledge: services.engines.knowledge,
        configuration: services.configuration.http, analytics: services.store,
        categories: { [triage = services.engines.triage] in triage.models.category.labels },
        webhooks: (services.store, WebhookSignature.makeSecret), outbox: services.store)
    console.mailArchive = services.store
    console.inbox = services.store
    console.inboxUpdates = services.inboxUpdates
    console.register(on: router)
    console.registerMailboxes(on: router, accounts: services.mailboxAccounts)
    console.registerSetup(on: router) {
        [team = services.configuration.team, triage = services.engines.triage, chat = chat?.service.settings] in
        var page = team.page(triage: triage)
        page.tables += chat?.setupTables() ?? []
        return page
    }
    MailboxRoutes(accounts: services.mailboxAccounts, configuration: services.configuration.http).register(on: router)
    var background: [any Service] = [
        Reloader(engines: services.engines, changes: services.store, models: services.store, logger: logger)
    ]
    background.append(EscalationPackagerService(packager: services.packager))
    if let chat {
        background.append(ChatHubService(hub: chat.hub))
        logger.notice(
            "chat widget on", metadata: ["sites": "\(chat.service.settings.sites.keys.sorted().joined(separator: ","))"]
        )
    }
    background.append(MetricsSampler(store: services.store, metrics: services.metrics, logger: logger))
    background.append(InboxUpdatesService(updates: services.inboxUpdates))
    background.append(TeamWatch(desk: services.desk, rules: services.configuration.team.assignment, logger: logger))
    if let encoder = services.engines.encoder {
        logger.notice(
            "sentence encoder loaded; chunks are embedded in the background, then retrieval is hybrid",
            metadata: ["encoder": "\(encoder.model)", "dimension": "\(encoder.dimension)"])
    } else if !services.engines.hasPendingEmbeddings {
        logger.notice("no sentence encoder (encoder_dir): retrieval is lexical (BM25 only)")
    }
    if services.engines.hasPendingEmbeddings {
        // A node with queue_worker = false switches to vectors but leaves the kb.embed job to the workers.
        background.append(
            EmbeddingsConnector(
                engines: services.engines, logger: logger, runsWorker: services.configuration.queueWorker))
    }
    if var jobs = services.tickets.answerJobs, services.configuration.queueWorker {
        if let chat { jobs.customerPreview = previewSinks(chat, services: services) }
        background.append(AnswerWorker(jobs: jobs, logger: logger))
    }
    background.append(
        WebhookDispatcherService(
            dispatcher: WebhookDispatcher(
                store: services.store, transport: HTTPWebhookTransport(), worker: WebhookDispatcherService.workerID),
            logger: logger))
    if !services.deliveries.adapters.isEmpty, services.configuration.queueWorker {
        background.append(DeliveryWorker(deliveries: services.deliveries, queue: services.store, logger: logger))
    }
    if services.configuration.queueWorker, let mailboxes = try? services.mailboxDirectory(logger: logger) {
        background.append(
            MailboxPollService(
                directory: mailboxes, queue: services.store, logger: logger,
                interval: services.configuration.emailPollSeconds))
    }
    if let nightly = services.qaNightly(logger: logger) { background.append(nightly) }
    if let retrain = services.nightlyRetrain(logger: logger) { background.append(retrain) }
    if let purge = services.jobPurge(logger: logger) { background.append(purge) }
    return HTTPServer.application(
        router: router, configuration: services.configuration.http, services: background, logger: logger,
        webSocketRouter: chat?.webSocketRouter, onListening: onListening)
}

/// Where the answer worker sends a chat answer's checked preview: this node's widgets at once, and, when
/// nodes share a PostgreSQL database, the store, where the other nodes' hubs read it at their next poll.
func previewSinks(_ chat: ChatEdge, services: AppServices) -> @Sendable (Ticket, Int64) async -> AnswerTextSink? {
    let shared: (any AnswerPreviewStore)? = services.configuration.databaseURL == nil ? nil : services.store
    return { ticket, question in
        guard let local = await chat.previewSink(for: ticket, question: question) else { return nil }
        guard let shared else { return local }
        return { text in
            await local(text)
            // A failed write costs only other nodes' visitors their preview; the answer comes as ever.
            try? await shared.saveAnswerPreview(ticketID: ticket.id, questionID: question, text: text, at: Date())
        }
    }
}
