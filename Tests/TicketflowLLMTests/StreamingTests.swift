import Foundation
import Synchronization
import Testing
import TicketflowAnswering
import TicketflowCore
import TicketflowTesting
@testable import TicketflowLLM

/// Streamed chat completions: the event parser, the answer field read while it arrives, and the client
/// against the loopback stub streaming as OpenAI and llama.cpp do.
@Suite struct StreamingTests {
    /// Collects what a sink received, in order.
    final class Pieces: Sendable {
        private let list = Mutex<[String]>([])
        var all: [String] { list.withLock { $0 } }
        var text: String { all.joined() }
        func add(_ piece: String) { list.withLock { $0.append(piece) } }
    }

    @Test func eventLinesSurviveAnySplitOfTheBytes() {
        let body = Array(": comment\r\ndata: {\"a\":1}\r\n\r\nevent: x\ndata:[DONE]\n\n".utf8)
        for cut in 0...body.count {
            var lines = ServerSentEventLines()
            let found = lines.feed(body[..<cut]) + lines.feed(body[cut...])
            #expect(found == ["{\"a\":1}", "[DONE]"], "cut at \(cut)")
        }
    }

    @Test func answerFieldIsReadPieceByPieceAsJSONDecodesIt() throws {
        let reply =
            #"{"cited_ids":["x"],"nested":{"answer":"not this"},"answer":"Tab\there, \"quoted\", caf\u00e9 \ud83d\ude00 \\ done","after":"no"}"#
        let expected = try #require(
            (try JSONSerialization.jsonObject(with: Data(reply.utf8)) as? [String: Any])?["answer"] as? String)
        let scalars = Array(reply.unicodeScalars)
        // Every split into two pieces, and one scalar at a time.
        for cut in 0...scalars.count {
            var field = StreamedJSONField(name: "answer")
            var head = String.UnicodeScalarView()
            head.append(contentsOf: scalars[..<cut])
            var tail = String.UnicodeScalarView()
            tail.append(contentsOf: scalars[cut...])
            let text = field.feed(String(head)) + field.feed(String(tail))
            #expect(text == expected, "cut at \(cut)")
        }
        var field = StreamedJSONField(name: "answer")
        #expect(scalars.map { field.feed(String($0)) }.joined() == expected)
    }

    @Test func answerFieldIgnoresValuesThatOnlyLookLikeIt() {
        var field = StreamedJSONField(name: "answer")
        #expect(field.feed(#"{"note":"answer","list":["answer",{"answer":"x"}],"answer":"yes"}"#) == "yes")
        var plain = StreamedJSONField(name: "answer")
        #expect(plain.feed("I think the answer is yes") == "")
    }

    @Test func streamedCompletionArrivesInPiecesAndWhole() async throws {
        let server = try await OpenAIStubServer.start(fallback: .reply("Streaming works, piece by piece."))
        defer { server.stop() }
        let pieces = Pieces()
        let reply = try await OpenAIClientTests.client(server).chatStream([.user("hi")]) { pieces.add($0) }
        #expect(pieces.all.count > 3)
        #expect(pieces.text == "Streaming works, piece by piece.")
        #expect(reply.content == pieces.text)
        #expect(reply.finishReason == "stop")
        #expect(reply.usage.promptTokens == 100 && reply.usage.completionTokens == pieces.all.count)
        let sent = try #require(server.requests.first)
        let body = try #require(try JSONSerialization.jsonObject(with: Data(sent.body.utf8)) as? [String: Any])
        #expect(body["stream"] as? Bool == true)
        #expect((body["stream_options"] as? [String: Any])?["include_usage"] as? Bool == true)
    }

    @Test func failureBeforeTheFirstPieceIsRetried() async throws {
        let server = try await OpenAIStubServer.start(fallback: .reply("second time"))
        defer { server.stop() }
        server.enqueue(.status(503))
        let pieces = Pieces()
        let reply = try await OpenAIClientTests.client(server).chatStream([.user("hi")]) { pieces.add($0) }
        #expect(reply.attempts == 2 && pieces.text == "second time")
    }

    @Test func streamCutOffMidAnswerIsAnErrorAndNotRetried() async throws {
        let server = try await OpenAIStubServer.start(fallback: .streamCut("This answer never ends", pieces: 3))
        defer { server.stop() }
        let pieces = Pieces()
        await #expect(throws: LLMError(.transport, "the LLM stream ended before the answer was finished")) {
            try await OpenAIClientTests.client(server).chatStream([.user("hi")]) { pieces.add($0) }
        }
        #expect(pieces.text == "This answer ")
        #expect(server.requests.count == 1)
    }

    @Test func refusedStreamIsRejectedLikeAnyCall() async throws {
        let server = try await OpenAIStubServer.start(fallback: .status(401))
        defer { server.stop() }
        let error = await #expect(throws: LLMError.self) {
            try await OpenAIClientTests.client(server).chatStream([.user("hi")]) { _ in }
        }
        #expect(error?.code == .rejected)
    }

    @Test func generatorStreamsOnlyTheAnswerTextAndReturnsTheSameAnswer() async throws {
        let reply =
            #"{"answer":"Annual plans can be refunded in full within 14 days. [Source: refunds]","cited_ids":["refunds"]}"#
        let server = try await OpenAIStubServer.start(fallback: .reply(reply))
        defer { server.stop() }
        let generator = LLMAnswerGenerator(client: LLMEngineTests.client(server))
        let pieces = Pieces()
        let streamed = try await generator.generate(LLMEngineTests.request(), streamingTo: { pieces.add($0) })
        let whole = try await generator.generate(LLMEngineTests.request())
        #expect(pieces.text == "Annual plans can be refunded in full within 14 days. [Source: refunds]")
        #expect(streamed.body == whole.body && streamed.citations == whole.citations)
        #expect(streamed.citations.map(\.articleID) == ["refunds"])
    }
}
