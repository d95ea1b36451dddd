import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import HummingbirdWSClient
import NIOCore
import NIOWebSocket
import Testing
import TicketflowApp
import TicketflowAuth
import TicketflowChat
import TicketflowCore
import TicketflowEscalation
import TicketflowTesting

/// The widget's live connection over real WebSockets on loopback: handover, an agent's
/// reply pushed without a reload, follow-ups kept from the AI, and hand-back.
/// Under the whole parallel suite on two cores a test here takes about a minute, mostly waiting.
@Suite(.timeLimit(.minutes(3))) struct ChatLiveTests {
    static let dana = AgentActor(id: "dana.lee@example.com", name: "Dana Lee", role: .agent)

    @Test func handoverAgentReplyAndHandBackArriveLive() async throws {
        try await withTestClient(.live, configure: { configureChat(&$0) }) { client, services in
            _ = try await services.accounts.createUser(
                email: Self.dana.id, name: Self.dana.name, role: .agent, password: "correct horse battery")
            let port = try #require(client.port)
            let token = try await client.chatSession()
            try await withChatSocket(port: port, token: token) { frames, outbound in
                let state = try await frames.next("state")
                #expect((state["conversation"] as? [String: Any])?["messages"] as? [Any] != nil)
                // Nothing in the help center answers this: a person takes over.
                try await say("Do you have an office in Lisbon that I could visit next week?", on: outbound)
                let newToken = try #require(try await frames.next("token")["token"] as? String)
                _ = try await frames.next("message") { Self.author($0) == "customer" }
                let handover = try await frames.next("handover")
                #expect((handover["text"] as? String)?.contains("person") == true)

                // An agent answers from the console (the desk writes to the store, as on any node).
                let ticketID = try await Self.ticketID(client, newToken)
                _ = try await services.desk.perform(
                    .editAndSend(body: "Hi, I'm Dana. I have your case."), on: ticketID, by: Self.dana)
                let reply = try await frames.next("message") { Self.author($0) == "agent" }
                #expect((reply["message"] as? [String: Any])?["name"] as? String == "Dana Lee")

                // The follow-up goes to Dana: the AI does not answer it.
                try await say("Thanks. Also, how do I reset my password?", on: outbound)
                _ = try await frames.next("message") { Self.author($0) == "customer" }
                _ = try await frames.next("handover")
                let held = try #require(try await services.store.ticketDetail(id: ticketID))
                #expect(!held.messages.contains { $0.author == .ai })
                #expect(held.ticket.status == .awaitingReview || held.ticket.status == .escalated)
                #expect(held.messages.last?.body.contains(ChatService.withAgentReason) == true)

                // Handed back, the AI answers again.
                _ = try await services.desk.perform(.handBack, on: ticketID, by: Self.dana)
                _ = try await frames.next("state") {
                    ($0["conversation"] as? [String: Any])?["with_agent"] as? Bool == false
                }
                try await say("How do I reset my password?", on: outbound)
                let answer = try await frames.next("message") { Self.author($0) == "ai" }
                let sources = (answer["message"] as? [String: Any])?["sources"] as? [[String: Any]]
                #expect(sources?.first?["url"] as? String == "/help/articles/account-password-reset")
            }
        }
    }

    @Test func refusedUpgradesSayWhy() async throws {
        try await withTestClient(.live, configure: { configureChat(&$0) }) { client, _ in
            let token = try await client.chatSession()
            // Without an upgrade, and with a bad origin or token, the HTTP route answers with the reason.
            try expectProblem(
                try await client.chat(.get, "/v1/chat/socket?token=\(token)"), .upgradeRequired,
                "chat-upgrade-required")
            try expectProblem(
                try await client.chat(.get, "/v1/chat/socket?token=\(token)", origin: "https://evil.example"),
                .forbidden, "chat-origin-not-allowed")
            let port = try #require(client.port)
            // A browser sends one Origin; a request with two is refused, whichever comes first.
            await #expect(throws: (any Error).self) {
                try await withChatSocket(port: port, token: token, extraOrigin: "https://evil.example") { frames, _ in
                    _ = try await frames.next("state")
                }
            }
        }
    }

    /// A socket message with a NUL character is refused with an error frame, like over HTTP; nothing is stored.
    @Test func aSocketMessageWithANULIsRefused() async throws {
        try await Self.withVisitorSocketStoringNothing { frames, outbound in
            try await say("my order\u{0} is late", on: outbound)
            let error = try await frames.next("error")
            #expect((error["detail"] as? String)?.contains("NUL") == true, "\(error)")
        }
    }

    /// A text frame that is not UTF-8 fails the connection (RFC 6455, 1007): it is neither read
    /// as replacement characters nor stored as a message.
    @Test func aTextFrameThatIsNotUTF8ClosesTheSocket() async throws {
        try await Self.withVisitorSocketStoringNothing { frames, outbound in
            let bytes = Array(#"{"type":"message","text":"order "#.utf8) + [0xFF, 0xFE] + Array(#""}"#.utf8)
            try await outbound.write(.custom(WebSocketFrame(fin: true, opcode: .text, data: ByteBuffer(bytes: bytes))))
            while let message = try await frames.iterator.next() {
                if case .text(let text) = message { #expect(!text.contains("\"message\""), "\(text)") }
            }
        }
    }

    /// A visitor's socket on a fresh server: `body` runs after the state frame, and no ticket may be stored.
    static func withVisitorSocketStoringNothing(
        _ body: @escaping @Sendable (inout ChatFrames, WebSocketOutboundWriter) async throws -> Void
    ) async throws {
        try await withTestClient(.live, configure: { configureChat(&$0) }) { client, services in
            let port = try #require(client.port)
            let token = try await client.chatSession()
            let before = try await services.store.ticketCount()
            try await withChatSocket(port: port, token: token) { frames, outbound in
                _ = try await frames.next("state")
                try await body(&frames, outbound)
            }
            #expect(try await services.store.ticketCount() == before)
        }
    }

    /// Two nodes on one PostgreSQL database: the visitor is connected to node A, the
    /// agent answers through node B, and A pushes the reply (the hub polls the stamps).
    @Test func anAgentReplyOnOneNodeReachesAVisitorOnAnother() async throws {
        try await withTwoChatNodes(
            "the two-node chat test", configure: { configuration, _ in configureChat(&configuration) },
            Self.replyAcrossNodes)
    }

    static func replyAcrossNodes(_ nodeA: AppServices, _ nodeB: AppServices) async throws {
        try await TestApp.application(nodeA).test(.live) { clientA in
            try await TestApp.application(nodeB).test(.live) { clientB in
                let token = try await clientA.chatSession()
                let port = try #require(clientA.port)
                try await withChatSocket(port: port, token: token) { frames, outbound in
                    _ = try await frames.next("state")
                    try await say("I need to speak to a person about a legal complaint.", on: outbound)
                    let newToken = try #require(try await frames.next("token")["token"] as? String)
                    _ = try await frames.next("handover")
                    // Node B reads the conversation with the same token and answers as an agent.
                    let ticketID = try await Self.ticketID(clientB, newToken)
                    let agent = try await nodeB.bearer(.agent, name: "node-b")
                    let sent = try await clientB.send(
                        .post, "/v1/agent/tickets/\(ticketID)/edit", headers: agent,
                        body: #"{"body":"Answered from node B."}"#)
                    #expect(sent.status == .ok)
                    let reply = try await frames.next("message") { Self.author($0) == "agent" }
                    #expect((reply["message"] as? [String: Any])?["text"] as? String == "Answered from node B.")
                }
            }
        }
    }

    static func author(_ frame: [String: Any]) -> String? {
        (frame["message"] as? [String: Any])?["author"] as? String
    }

    static func ticketID(_ client: any TestClientProtocol, _ token: String) async throws -> Int64 {
        let conversation = try json(try await client.chat(.get, "/v1/chat/conversation", token: token))
        return Int64(try #require(conversation["ticket_id"] as? Int))
    }
}
