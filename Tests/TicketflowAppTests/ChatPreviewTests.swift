import Foundation
import Synchronization
import Hummingbird
import HummingbirdTesting
import HummingbirdWSClient
import Testing
import TicketflowApp
import TicketflowChat
import TicketflowCore
import TicketflowEscalation
import TicketflowTesting

/// A chat site with `stream_answers`: over a real WebSocket, the visitor sees the LLM's answer grow span by
/// checked span while a loopback OpenAI-format server streams it, then the sent answer replaces the preview.
/// Under the whole parallel suite on two cores a test here takes about a minute, mostly waiting.
@Suite(.timeLimit(.minutes(3))) struct ChatPreviewTests {
    static let first = "Go to the login page and click Forgot password."
    static let second = "Choose a new password of at least 12 characters."
    /// The answer (for the answering call) and the verdict (for the judge's), as the stub replies to both.
    static let reply = """
        {"answer": "\(first) [Source: account-password-reset] \(second) [Source: account-password-reset]", \
        "cited_ids": ["account-password-reset"], "answer_quality": 9, "hallucination_risk": "low", "specificity": 4}
        """

    /// The same answer, judged poor: the gate holds it after the visitor read its checked spans.
    static let heldReply = reply.replacingOccurrences(of: #""answer_quality": 9"#, with: #""answer_quality": 1"#)
        .replacingOccurrences(of: #""hallucination_risk": "low""#, with: #""hallucination_risk": "high""#)

    static func configure(_ server: OpenAIStubServer, streams: Bool) -> @Sendable (inout AppConfiguration) -> Void {
        { configuration in
            LLMPipelineTests.configure(server)(&configuration)
            configureChat(&configuration)
            configuration.chat.sites[0].streamsAnswers = streams
            // The server's own answer worker writes the answer, as in production.
            configuration.queueWorker = true
        }
    }

    /// Frames of one answer round: every frame up to and including the AI's message.
    static func round(
        _ question: String, frames: inout ChatFrames, outbound: WebSocketOutboundWriter
    ) async throws
        -> [[String: Any]]
    {
        try await say(question, on: outbound)
        var seen: [[String: Any]] = []
        for _ in 0..<60 {
            guard let frame = try await frames.any() else { break }
            seen.append(frame)
            if frame["type"] as? String == "message", ChatLiveTests.author(frame) == "ai" { return seen }
        }
        Issue.record("no answer in \(seen)")
        return seen
    }

    /// The frames of the second answer in a visitor's chat: the first message opens the ticket, the second is
    /// answered while the socket already watches it.
    /// A frame as these tests read it: its type and text (a preview's, or a message's).
    struct Frame: Sendable {
        var type: String
        var text: String?

        init(_ frame: [String: Any]) {
            type = frame["type"] as? String ?? ""
            text = frame["text"] as? String ?? (frame["message"] as? [String: Any])?["text"] as? String
        }
    }

    static func secondAnswer(streams: Bool) async throws -> (frames: [Frame], trace: [TraceEntry]) {
        let server = try await OpenAIStubServer.start(fallback: .reply(Self.reply))
        defer { server.stop() }
        let result = Mutex<(frames: [Frame], trace: [TraceEntry])>(([], []))
        try await withTestClient(.live, configure: Self.configure(server, streams: streams)) { client, services in
            let port = try #require(client.port)
            let token = try await client.chatSession()
            try await withChatSocket(port: port, token: token) { frames, outbound in
                _ = try await frames.next("state")
                _ = try await Self.round("How do I reset my password?", frames: &frames, outbound: outbound)
                let second = try await Self.round(
                    "How do I reset my password again?", frames: &frames, outbound: outbound)
                result.withLock { $0.frames = second.map(Frame.init) }
            }
            let id = try #require(try await services.store.listTickets(TicketQuery(limit: 1)).tickets.first?.id)
            let trace = try #require(try await services.store.ticketDetail(id: id)?.trace)
            result.withLock { $0.trace = trace }
        }
        return result.withLock { $0 }
    }

    @Test func theVisitorSeesCheckedSpansBeforeTheSentAnswer() async throws {
        let (frames, trace) = try await Self.secondAnswer(streams: true)
        let previews = frames.filter { $0.type == "preview" }.compactMap(\.text)
        let whole = Self.first + " " + Self.second
        #expect(previews == [Self.first, whole])
        #expect(frames.last?.type == "message")
        let text = try #require(frames.last?.text)
        #expect(text.hasPrefix(whole), "\(text)")
        // The trace says what the customer read before the gate decided.
        let answering = trace.last { $0.stage == "answering" }
        #expect(answering?.details["customer_preview_chars"] == String(whole.count))
    }

    @Test func aSiteWithoutStreamAnswersGetsTheAnswerWhole() async throws {
        let (frames, trace) = try await Self.secondAnswer(streams: false)
        #expect(frames.last?.type == "message")
        #expect(!frames.contains { $0.type == "preview" })
        #expect(trace.last { $0.stage == "answering" }?.details["customer_preview_chars"] == nil)
    }

    @Test func aPreviewTheGateHoldsGivesWayToTheHandoverAndTheAgentSeesIt() async throws {
        let server = try await OpenAIStubServer.start(fallback: .reply(Self.heldReply))
        defer { server.stop() }
        try await withTestClient(.live, configure: Self.configure(server, streams: true)) { client, services in
            let port = try #require(client.port)
            let token = try await client.chatSession()
            let newToken = Mutex<String?>(nil)
            try await withChatSocket(port: port, token: token) { frames, outbound in
                _ = try await frames.next("state")
                try await say("How do I reset my password?", on: outbound)
                newToken.withLock { $0 = nil }
                var seen: [Frame] = []
                while let frame = try await frames.any() {
                    if frame["type"] as? String == "token" { newToken.withLock { $0 = frame["token"] as? String } }
                    seen.append(Frame(frame))
                    if frame["type"] as? String == "handover" { break }
                }
                #expect(seen.contains { $0.type == "preview" && $0.text == Self.first + " " + Self.second })
                #expect(!seen.contains { $0.type == "message" && $0.text?.hasPrefix(Self.first) == true })
            }
            let id = try await ChatLiveTests.ticketID(client, try #require(newToken.withLock { $0 }))
            let runner = Task { await services.packager.run() }
            defer { runner.cancel() }
            await services.packager.idle()
            let agent = try await services.bearer(.agent)
            let package = try json(try await client.send(.get, "/v1/agent/tickets/\(id)/escalation", headers: agent))
            let attempt = try #require(package["ai_attempt"] as? [String: Any])
            #expect(attempt["customer_preview"] as? String == Self.first + " " + Self.second)
            let session = try await client.signIn(services)
            let page = html(try await client.send(.get, "/console/tickets/\(id)", headers: session.headers()))
            #expect(page.contains(#"<dd id="customer-preview">Go to the login page"#))
        }
    }

    /// The customer writes again while the first answer is still being written: that answer will not be
    /// stored (its run finds the ticket changed), so its preview stops, and the second answer's takes over.
    @Test func aNewQuestionEndsThePreviewOfTheAnswerToTheOldOne() async throws {
        let security = "Scan the QR code with an authenticator app."
        let second = Self.reply.replacingOccurrences(
            of: "\(Self.first) [Source: account-password-reset] \(Self.second) [Source: account-password-reset]",
            with: "\(security) [Source: account-two-factor]"
        ).replacingOccurrences(of: "account-password-reset", with: "account-two-factor")
        let server = try await OpenAIStubServer.start(
            fallback: .choosing { request in
                .slowStream(request.contains("authenticator") ? second : Self.reply, interval: 0.05)
            })
        defer { server.stop() }
        try await withTestClient(.live, configure: Self.configure(server, streams: true)) { client, _ in
            let port = try #require(client.port)
            let token = try await client.chatSession()
            try await withChatSocket(port: port, token: token) { frames, outbound in
                _ = try await frames.next("state")
                try await say("How do I reset my password?", on: outbound)
                _ = try await frames.next("preview")
                let followUp = "Which authenticator app do I scan the QR code with?"
                try await say(followUp, on: outbound)
                var afterFollowUp: [Frame]?
                while let frame = try await frames.any() {
                    let read = Frame(frame)
                    if read.type == "message", read.text == followUp { afterFollowUp = [] }
                    afterFollowUp?.append(read)
                    if read.type == "message", ChatLiveTests.author(frame) == "ai", afterFollowUp != nil { break }
                }
                let seen = try #require(afterFollowUp)
                let previews = seen.filter { $0.type == "preview" }.compactMap(\.text)
                #expect(previews.allSatisfy { $0 == security }, "\(previews)")
                #expect(seen.last?.text?.hasPrefix(security) == true, "\(seen.map(\.type))")
            }
        }
    }

    /// Two nodes on one PostgreSQL database: the visitor's socket is on node A, which runs no answer worker;
    /// node B's worker writes the answer, and A's hub reads the preview from the store.
    @Test func aPreviewWrittenOnAnotherNodeReachesTheVisitor() async throws {
        // Slow enough (about 2 s) for node A's poll, every 250 ms, to see the preview before the answer.
        let server = try await OpenAIStubServer.start(fallback: .slowStream(Self.reply, interval: 0.03))
        defer { server.stop() }
        try await withTwoChatNodes(
            "the two-node preview test",
            configure: { configuration, isB in
                Self.configure(server, streams: true)(&configuration)
                configuration.queueWorker = isB
            }, Self.previewAcrossNodes)
    }

    static func previewAcrossNodes(_ nodeA: AppServices, _ nodeB: AppServices) async throws {
        try await TestApp.application(nodeA).test(.live) { clientA in
            try await TestApp.application(nodeB).test(.live) { _ in
                let token = try await clientA.chatSession()
                let port = try #require(clientA.port)
                try await withChatSocket(port: port, token: token) { frames, outbound in
                    _ = try await frames.next("state")
                    let seen = try await Self.round("How do I reset my password?", frames: &frames, outbound: outbound)
                        .map(Frame.init)
                    let previews = seen.filter { $0.type == "preview" }.compactMap(\.text)
                    #expect(!previews.isEmpty, "\(seen.map(\.type))")
                    #expect(previews.allSatisfy { (Self.first + " " + Self.second).hasPrefix($0) }, "\(previews)")
                    #expect(seen.last?.type == "message")
                }
            }
        }
    }
}
