import Foundation
import Hummingbird
import HummingbirdWebSocket
import NIOCore
import TicketflowAuth
import TicketflowChat

/// The request context of WebSocket upgrades: the peer's address, for the per-address limit.
public struct ChatSocketContext: WebSocketRequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let webSocket: WebSocketHandlerReference<ChatSocketContext>
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        webSocket = .init()
        remoteAddress = source.channel.remoteAddress
    }
}

/// `GET /v1/chat/socket?token=…` upgraded to a WebSocket: the widget's live connection.
/// The upgrade is checked like every chat call (origin, token, address limit, connections
/// per visitor); a refused upgrade falls through to the HTTP route, which says why.
struct ChatSocket: Sendable {
    let routes: ChatRoutes
    var chat: ChatService { routes.chat }
    var hub: ChatHub { routes.hub }

    /// Largest frame a widget may send; a message over the character limit is refused politely first.
    static let maximumFrameBytes = 16 * 1024

    struct Inbound: Decodable {
        var type: String
        var text: String?
    }

    func router() -> Router<ChatSocketContext> {
        let router = Router(context: ChatSocketContext.self)
        router.ws("v1/chat/socket") { request, context in
            do {
                _ = try await admit(request, context)
                return .upgrade([:])
            } catch {
                return .dontUpgrade
            }
        } onUpgrade: { inbound, outbound, context in
            // Admitted by shouldUpgrade (limits counted there, once); only the token is read again.
            let request = context.request
            guard
                let (visitor, site) = try? chat.visitor(
                    token: request.uri.queryParameters["token"].map(String.init), origin: ChatRoutes.origin(request))
            else { return }
            try await serve(
                visitor: visitor, site: site, request: context.request, inbound: inbound, outbound: outbound)
        }
        return router
    }

    /// The visitor and site of an upgrade request, or why not.
    func admit(_ request: Request, _ context: ChatSocketContext) async throws -> (VisitorToken, ChatSite) {
        try routes.checkAddress(
            ClientAddress.key(
                request, remoteAddress: context.remoteAddress, trustForwardedFor: routes.trustForwardedFor))
        let (visitor, site) = try chat.visitor(
            token: request.uri.queryParameters["token"].map(String.init), origin: ChatRoutes.origin(request))
        try await routes.checkConnections(of: visitor)
        return (visitor, site)
    }

    /// Sends the state, then every change; reads the visitor's messages and posts them.
    /// One writer task owns the socket's outbound side; replies to the visitor go through it too.
    func serve(
        visitor start: VisitorToken, site: ChatSite, request: Request, inbound: WebSocketInboundStream,
        outbound: WebSocketOutboundWriter
    ) async throws {
        let snapshot = try await chat.conversation(of: start)
        let subscription = await hub.subscribe(ticketID: start.ticketID, visitor: start.visitor, snapshot: snapshot)
        let (frames, output) = AsyncStream<ChatFrame>.makeStream(bufferingPolicy: .bufferingNewest(128))
        output.yield(ChatFrame(.state(snapshot)))
        defer {
            output.finish()
            Task { await hub.unsubscribe(subscription.id) }
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for await frame in frames { try await outbound.write(.text(frame.json)) }
            }
            group.addTask {
                for await event in subscription.events { output.yield(ChatFrame(event)) }
            }
            group.addTask {
                var visitor = start
                for try await message in inbound.messages(maxSize: Self.maximumFrameBytes) {
                    guard case .text(let text) = message,
                        let frame = try? JSONDecoder().decode(Inbound.self, from: Data(text.utf8))
                    else {
                        output.yield(.error(Problem.badRequest("chat-bad-frame", "send JSON text frames")))
                        continue
                    }
                    switch frame.type {
                    case "ping": output.yield(ChatFrame(type: "pong"))
                    case "message":
                        do {
                            let posted = try await chat.post(frame.text ?? "", as: visitor, site: site)
                            visitor = posted.visitor
                        } catch {
                            output.yield(.error(ChatRoutes.problem(for: error, request: request)))
                        }
                    default:
                        output.yield(.error(Problem.badRequest("chat-bad-frame", "unknown frame type '\(frame.type)'")))
                    }
                }
            }
            // The visitor closed the socket (or it failed): stop the others.
            _ = try await group.next()
            group.cancelAll()
        }
    }
}
