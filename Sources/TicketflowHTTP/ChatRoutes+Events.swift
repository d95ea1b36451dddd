import Foundation
import Hummingbird
import TicketflowAuth
import TicketflowChat

/// One frame to the widget, the same JSON over the WebSocket and in SSE `data:` lines.
struct ChatFrame: Encodable {
    var type: String
    var message: ChatMessage?
    var on: Bool?
    var text: String?
    var offlineEmail: Bool?
    var conversation: ChatConversation?
    var token: String?
    var status: Int?
    var title: String?
    var detail: String?

    enum CodingKeys: String, CodingKey {
        case type, message, on, text, conversation, token, status, title, detail
        case offlineEmail = "offline_email"
    }

    init(type: String) { self.type = type }

    init(_ event: ChatEvent) {
        switch event {
        case .message(let message):
            self.init(type: "message")
            self.message = message
        case .thinking(let on):
            self.init(type: "thinking")
            self.on = on
        case .handover(let handover):
            self.init(type: "handover")
            text = handover.text
            offlineEmail = handover.offlineEmail
        case .state(let conversation):
            self.init(type: "state")
            self.conversation = conversation
        case .token(let token):
            self.init(type: "token")
            self.token = token
        case .preview(let text):
            self.init(type: "preview")
            self.text = text
        }
    }

    /// An error frame; the connection stays open.
    static func error(_ problem: Problem) -> ChatFrame {
        var frame = ChatFrame(type: "error")
        frame.status = Int(problem.status.code)
        frame.title = problem.title
        frame.detail = problem.detail
        return frame
    }

    var json: String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = .withoutEscapingSlashes
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? #"{"type":"error"}"#
    }
}

extension ChatRoutes {
    /// `GET /v1/chat/events`: the conversation's state, then every change, as server-sent events.
    func eventStream(for visitor: VisitorToken) async throws -> Response {
        let snapshot = try await chat.conversation(of: visitor)
        let subscription = await hub.subscribe(
            ticketID: visitor.ticketID, visitor: visitor.visitor, snapshot: snapshot)
        return ServerSentEvents.response(
            first: Self.sse(ChatFrame(.state(snapshot))), events: subscription.events, buffering: 128,
            format: { Self.sse(ChatFrame($0)) },
            // The client went away: leave the hub.
            onEnd: { [hub] in Task { await hub.unsubscribe(subscription.id) } })
    }

    static func sse(_ frame: ChatFrame) -> String {
        "data: \(frame.json)\n\n"
    }
}
