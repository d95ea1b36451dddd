import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TicketflowApp
import TicketflowCore
import TicketflowTesting

/// The answer cache in the running server: a repeated question is answered from it,
/// and the dashboard's summary counts the hits.
@Suite struct AnswerCacheAppTests {
    static let question = #"{"body":"How do I reset my password?","channel":"api"}"#

    func answeringEngine(_ response: TestResponse) throws -> String? {
        let trace = try #require(try json(response)["trace"] as? [[String: Any]])
        return trace.last { $0["stage"] as? String == "answering" }?["engine"] as? String
    }

    @Test func aRepeatedQuestionIsAnsweredFromTheCacheAndCounted() async throws {
        try await withTestClient(configure: { $0.demo = true }) { client, services in
            let first = try await client.post("/v1/tickets", Self.question)
            #expect(try answeringEngine(first) != "answer-cache")
            let second = try await client.post("/v1/tickets", Self.question)
            #expect(try answeringEngine(second) == "answer-cache")
            let ticket = try #require(try json(second)["ticket"] as? [String: Any])
            #expect(ticket["status"] as? String == "auto_resolved")
            let summary = try await client.send(
                .get, "/v1/metrics/summary", headers: try await services.bearer(.agent))
            #expect(try json(summary)["answer_cache_hits"] as? Int == 1)
        }
    }

    @Test func sizeZeroTurnsItOff() async throws {
        try await withTestClient(configure: {
            $0.demo = true; $0.answerCacheSize = 0
        }) { client, _ in
            _ = try await client.post("/v1/tickets", Self.question)
            #expect(try answeringEngine(try await client.post("/v1/tickets", Self.question)) != "answer-cache")
        }
    }
}
