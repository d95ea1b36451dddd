import Foundation
import Logging
import ServiceLifecycle
import TicketflowAnswering
import TicketflowAuth
import TicketflowChat
import TicketflowCore
import TicketflowEscalation
import TicketflowHTTP
import TicketflowKnowledge

extension AppServices {
    /// The chat channel, when a site is configured (or in demo mode): the service over the
    /// ticket service, and the hub that pushes changes to this node's connected widgets.
    func chatEdge() throws -> ChatEdge? {
        let configuration = self.configuration
        let settings = configuration.chat.settings(
            demo: configuration.demo, host: configuration.host, port: configuration.port)
        guard !settings.sites.isEmpty else { return nil }
        let email = try configuration.outboundEmail()
        let sla = configuration.team.sla
        let reader = ChatConversationReader(
            articleURL: { citation in
                guard let template = configuration.articleURLTemplate else {
                    return "/help/articles/" + Article.pathSegment(for: citation.articleID)
                }
                // A team's own help site may mirror the imported folders, so "/" stays a path separator there.
                let id =
                    citation.articleID.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed)
                    ?? citation.articleID
                return template.replacingOccurrences(of: "{id}", with: id)
            },
            expectedWait: { ticket in sla.targets[sla.priority(of: ticket)] ?? 4 * 3600 },
            offlineEmail: email != nil)
        let tokens = try VisitorTokenSigner(secret: RatingLinkSecret.secret(for: configuration))
        let accounts = self.accounts
        let agentName: @Sendable (String) async -> String? = { id in
            try? await accounts.store.user(address: id)?.name
        }
        // The hub reads conversations through a service that does not notify it back.
        let reading = ChatService(
            settings: settings, tokens: tokens, tickets: tickets, ratings: store, reader: reader, agentName: agentName)
        let store = self.store
        let hub = ChatHub(
            stamps: { ids in try await store.updateStamps(ticketIDs: ids) },
            load: { id in
                guard let detail = try await store.ticketDetail(id: id) else { return nil }
                let preview = try await store.answerPreview(ticketID: id)
                // The same stamp as `updateStamps`, or every poll would see this ticket move.
                let stamp = max(detail.ticket.updatedAt, preview?.updatedAt ?? .distantPast)
                return ChatHub.Loaded(
                    stamp: stamp, conversation: try await reading.conversation(detail), preview: preview)
            })
        let cache = engines.answerCache
        let service = ChatService(
            settings: settings, tokens: tokens, tickets: tickets, ratings: store, reader: reader,
            agentName: agentName,
            unhelpful: { detail, messageID in
                // A thumbs-down takes the answer out of the answer cache: the question it answered is the
                // customer message before it, redacted as the answering stage redacted it.
                guard let cache,
                    let question = detail.messages.last(where: { $0.author == .customer && $0.id < messageID })
                else { return }
                let redactor = PIIRedactor().with(known: KnownIdentity(detail.customer))
                cache.remove(redactor.redact(question.body).text)
            },
            changed: { ticketID, visitor, token in await hub.changed(ticketID: ticketID, visitor: visitor, token: token)
            })
        return ChatEdge(
            service: service, hub: hub, trustForwardedFor: configuration.trustForwardedFor,
            demoSite: configuration.demo ? "demo" : nil, publishesArticles: configuration.articleURLTemplate == nil)
    }
}

/// Runs the chat hub's poll beside the server; on shutdown it ends every live
/// connection so the server does not wait on open sockets.
struct ChatHubService: Service {
    let hub: ChatHub

    func run() async throws {
        await cancelWhenGracefulShutdown { await hub.run() }
        await hub.closeAll()
    }
}
