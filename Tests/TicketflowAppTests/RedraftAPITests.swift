import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TicketflowApp
import TicketflowCore
import TicketflowTesting

/// `POST /v1/agent/tickets/{id}/draft`: a fresh AI draft for an agent, streamed over real HTTP from a
/// loopback OpenAI-format server, stored as the draft and never sent.
@Suite struct RedraftAPITests {
    static let answer =
        "To get a duplicate charge refunded, open Settings > Billing > Invoices. [Source: Duplicate charges]"

    /// One server-sent event.
    struct Event {
        var name: String
        var data: String
        var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any]) ?? [:]
        }
    }

    static func events(in response: TestResponse) -> [Event] { events(in: html(response)) }

    static func events(in body: String) -> [Event] {
        body.components(separatedBy: "\n\n").compactMap { block in
            var name = "message"
            var data: String?
            for line in block.split(separator: "\n") {
                if line.hasPrefix("event: ") { name = String(line.dropFirst(7)) }
                if line.hasPrefix("data: ") { data = String(line.dropFirst(6)) }
            }
            return data.map { Event(name: name, data: $0) }
        }
    }

    /// A server with the demo-free help center, an LLM at `server`, and a ticket held for review.
    static func withHeldTicket(
        _ server: OpenAIStubServer,
        _ body: @escaping @Sendable (any TestClientProtocol, AppServices, Int64, HTTPFields) async throws -> Void
    ) async throws {
        try await withTestClient(.live, configure: LLMPipelineTests.configure(server)) { client, services in
            _ = try await client.post(
                "/v1/kb/articles", PipelineEndToEndTests.helpCenter, headers: try await services.bearer(.knowledge))
            let id = try await services.seedReviewTicket(
                subject: "Duplicate charge", body: "How do I get a duplicate charge refunded? I was charged twice.")
            try await body(client, services, id, try await services.bearer(.agent, name: "ann"))
        }
    }

    static var streaming: HTTPFields { [.accept: "text/event-stream"] }

    @Test func draftStreamsAsWrittenThenIsStoredAndNotSent() async throws {
        let server = try await OpenAIStubServer.start(fallback: .reply(LLMPipelineTests.reply))
        defer { server.stop() }
        try await Self.withHeldTicket(server) { client, services, id, agent in
            let response = try await client.send(
                .post, "/v1/agent/tickets/\(id)/draft", headers: agent.merging(Self.streaming))
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/event-stream")
            let events = Self.events(in: response)
            let text = events.filter { $0.name == "text" }
            #expect(text.count > 10, "the answer arrives in pieces")
            #expect(text.compactMap { $0.json["text"] as? String }.joined() == Self.answer)
            let last = try #require(events.last)
            #expect(last.name == "draft", "\(last.data)")
            let draft = try #require(last.json["draft"] as? [String: Any])
            #expect((draft["body"] as? String)?.contains("Settings > Billing > Invoices") == true)
            #expect((draft["citations"] as? [[String: Any]])?.first?["article_id"] as? String == "duplicate-charges")

            let stored = try #require(try await services.store.ticketDetail(id: id))
            #expect(stored.draft?.body == draft["body"] as? String)
            #expect(stored.messages.map(\.author) == [.customer], "nothing was sent")
            #expect(stored.ticket.status == .awaitingReview)
            let event = try #require(try await services.store.ticketEvents(ticketID: id).last)
            #expect(event.kind == .redraft && event.actor == "token:ann-agent")
            #expect(event.details["engine"] == "llm:stub-model/answer@2")
            let answerCall = try #require(server.requests.first { $0.body.contains("grounded_answer") })
            #expect(answerCall.body.contains(#""stream":true"#))
        }
    }

    @Test func withoutTheStreamTheDraftComesBackAsJSON() async throws {
        let server = try await OpenAIStubServer.start(fallback: .reply(LLMPipelineTests.reply))
        defer { server.stop() }
        try await Self.withHeldTicket(server) { client, services, id, agent in
            let response = try await client.send(.post, "/v1/agent/tickets/\(id)/draft", headers: agent)
            #expect(response.status == .ok)
            let draft = try #require(try json(response)["draft"] as? [String: Any])
            #expect((draft["body"] as? String)?.contains("Settings > Billing > Invoices") == true)
            #expect(try await services.store.ticketDetail(id: id)?.draft?.body == draft["body"] as? String)
            #expect(!server.requests.contains { $0.body.contains(#""stream":true"#) })
        }
    }

    @Test func aStreamCutOffFallsBackToTheBuiltInDraft() async throws {
        let server = try await OpenAIStubServer.start(fallback: .streamCut(Self.answer, pieces: 5))
        defer { server.stop() }
        try await Self.withHeldTicket(server) { client, services, id, agent in
            let response = try await client.send(
                .post, "/v1/agent/tickets/\(id)/draft", headers: agent.merging(Self.streaming))
            let events = Self.events(in: response)
            let last = try #require(events.last)
            #expect(last.name == "draft", "the stored draft replaces the partial text")
            let body = try #require((last.json["draft"] as? [String: Any])?["body"] as? String)
            #expect(body.contains("Open Settings > Billing > Invoices"), "the built-in composer drafted it")
            let event = try #require(try await services.store.ticketEvents(ticketID: id).last)
            #expect(event.kind == .redraft && event.details["engine"] == "extractive")
            #expect(event.details["fallback"]?.contains("the LLM stream ended before the answer was finished") == true)
        }
    }

    @Test func anAgentWhoLeavesCancelsTheRunAndNothingIsWritten() async throws {
        let server = try await OpenAIStubServer.start(fallback: .hang)
        defer { server.stop() }
        try await Self.withHeldTicket(server) { client, services, id, agent in
            let port = try #require(client.port)
            let authorization = try #require(agent[.authorization])
            let leaving = Task {
                try await LoopbackHTTPClient.send(
                    "POST", "/v1/agent/tickets/\(id)/draft", port: port,
                    headers: [("Authorization", authorization), ("Accept", "text/event-stream")])
            }
            // The model is writing (hung): the agent closes the page.
            let deadline = ContinuousClock.now + .seconds(20)
            while !server.requests.contains(where: { $0.body.contains("grounded_answer") }) {
                try #require(ContinuousClock.now < deadline, "the answer call never reached the LLM")
                try await Task.sleep(for: .milliseconds(50))
            }
            leaving.cancel()
            _ = await leaving.result
            // The server notices at its next write, a keep-alive comment within a second.
            try await Task.sleep(for: .seconds(3))
            // The hung call now fails: a run still going would fall back to the built-in composer and store that.
            server.stop()
            try await Task.sleep(for: .seconds(2))
            let events = try await services.store.ticketEvents(ticketID: id)
            #expect(!events.contains { $0.kind == .redraft }, "a cancelled redraft wrote \(events)")
            #expect(try await services.store.ticketDetail(id: id)?.draft?.body.hasPrefix("1. Open Settings") == true)
        }
    }

    @Test func theConsoleOffersARedraftWhereTheDeskWouldWriteOne() async throws {
        // No LLM configured: the built-in composer drafts, and the console's session calls the API as its
        // script does (cookie and CSRF header).
        try await withTestClient { client, services in
            _ = try await client.post(
                "/v1/kb/articles", PipelineEndToEndTests.helpCenter, headers: try await services.bearer(.knowledge))
            let id = try await services.seedReviewTicket(
                subject: "Duplicate charge", body: "How do I get a duplicate charge refunded? I was charged twice.")
            let session = try await client.signIn(services)
            let page = html(try await client.send(.get, "/console/tickets/\(id)", headers: session.headers()))
            #expect(page.contains("id=\"redraft-button\" data-ticket=\"\(id)\""))

            let withoutCSRF = try await client.send(
                .post, "/v1/agent/tickets/\(id)/draft", headers: session.headers().merging(Self.streaming))
            #expect(withoutCSRF.status == .forbidden, "a session needs the CSRF header")
            let streamed = try await client.send(
                .post, "/v1/agent/tickets/\(id)/draft",
                headers: session.headers(csrfHeader: true).merging(Self.streaming))
            let events = Self.events(in: streamed)
            #expect(events.map(\.name) == ["draft"], "the built-in composer writes the draft whole")
            let body = try #require((events.last?.json["draft"] as? [String: Any])?["body"] as? String)
            #expect(body.contains("Open Settings > Billing > Invoices"))
            #expect(try await services.store.ticketEvents(ticketID: id).last?.details["engine"] == "extractive")

            let other = try await services.bearer(.agent, name: "bob")
            _ = try await client.send(.post, "/v1/agent/tickets/\(id)/claim", headers: other)
            let held = html(try await client.send(.get, "/console/tickets/\(id)", headers: session.headers()))
            #expect(!held.contains("id=\"redraft-button\""), "not offered on a colleague's ticket")
            _ = try await client.send(.post, "/v1/agent/tickets/\(id)/send", headers: other)
            let answered = html(try await client.send(.get, "/console/tickets/\(id)", headers: session.headers()))
            #expect(!answered.contains("id=\"redraft-button\""), "not offered once the customer was answered")
        }
    }

    @Test func refusalsComeBeforeAnyEngineRuns() async throws {
        let server = try await OpenAIStubServer.start(fallback: .reply(LLMPipelineTests.reply))
        defer { server.stop() }
        try await Self.withHeldTicket(server) { client, services, id, agent in
            let stream = agent.merging(Self.streaming)
            try expectProblem(
                try await client.send(.post, "/v1/agent/tickets/999/draft", headers: stream), .notFound, "not-found")

            let other = try await services.bearer(.agent, name: "bob")
            _ = try await client.send(.post, "/v1/agent/tickets/\(id)/claim", headers: other)
            try expectProblem(
                try await client.send(.post, "/v1/agent/tickets/\(id)/draft", headers: stream), .conflict, "conflict")
            _ = try await client.send(.post, "/v1/agent/tickets/\(id)/release", headers: other)

            let answered = try await services.seedReviewTicket(subject: "Answered")
            _ = try await client.send(.post, "/v1/agent/tickets/\(answered)/send", headers: agent)
            try expectProblem(
                try await client.send(.post, "/v1/agent/tickets/\(answered)/draft", headers: stream), .conflict,
                "conflict")

            let closed = try await services.seedReviewTicket(subject: "Closed", status: .closed)
            try expectProblem(
                try await client.send(.post, "/v1/agent/tickets/\(closed)/draft", headers: stream), .conflict,
                "conflict")
            let viewer = try await services.bearer(.knowledge, name: "kb")
            #expect(try await client.send(.post, "/v1/agent/tickets/\(id)/draft", headers: viewer).status == .forbidden)
            #expect(!server.requests.contains { $0.body.contains("grounded_answer") }, "no engine ran")
        }
    }
}

extension HTTPFields {
    /// These fields with `other`'s added.
    func merging(_ other: HTTPFields) -> HTTPFields {
        var merged = self
        merged.append(contentsOf: other)
        return merged
    }
}
