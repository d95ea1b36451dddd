import Foundation
import Testing
import TicketflowAnswering
import TicketflowCore
import TicketflowTesting
@testable import TicketflowLLM

@Suite struct LLMEngineTests {
    static let passage = RetrievedPassage(
        articleID: "refunds", chunkID: "refunds#0", title: "Refund policy",
        text: "Annual plans can be refunded in full within 14 days of purchase.", category: "billing",
        score: 0.9, signals: ["bm25"])

    static func request() -> AnswerRequest {
        AnswerRequest(
            ticketID: 1, question: "Can I get a refund on my annual plan? Mail me at [EMAIL_1]",
            category: "billing", categoryConfidence: 0.9, sentiment: .neutral, urgency: 2,
            route: .aiOnly, passages: [passage])
    }

    static func client(_ server: OpenAIStubServer) -> OpenAIClient {
        var configuration = LLMConfiguration(baseURL: server.baseURL, model: "stub-model")
        configuration.maxRetries = 0
        configuration.requestTimeout = 10  // generous: the whole suite runs in parallel on two cores
        return OpenAIClient(configuration: configuration)
    }

    @Test func generatorReturnsCitedAnswerFromExcerptsOnly() async throws {
        let server = try await OpenAIStubServer.start()
        defer { server.stop() }
        server.enqueue(
            .reply(
                #"""
                ```json
                {"answer": "Annual plans can be refunded in full within 14 days of purchase. [Source: Refund policy]\nIs there anything else I can help you with?", "cited_titles": ["Refund policy", "Made-up article"]}
                ```
                """#))
        let generator = LLMAnswerGenerator(client: Self.client(server))
        let answer = try await generator.generate(Self.request())
        #expect(answer.citations.map(\.articleID) == ["refunds"])
        #expect(answer.body.contains("14 days"))
        #expect(answer.engine == "llm:stub-model/answer@2")
        let sent = try #require(server.requests.first?.body)
        #expect(sent.contains("Refund policy") && sent.contains("[EMAIL_1]"))
        #expect(sent.contains("\"temperature\":0.2"))
    }

    @Test func generatorRejectsGarbage() async throws {
        let server = try await OpenAIStubServer.start(fallback: .reply("I think maybe yes"))
        defer { server.stop() }
        await #expect(throws: LLMError.self) {
            try await LLMAnswerGenerator(client: Self.client(server)).generate(Self.request())
        }
    }

    @Test func judgeParsesValidatesAndOnlyLowersConfidence() async throws {
        #expect(
            try LLMJudge.parse(#"{"answer_quality": 9, "hallucination_risk": "low", "specificity": 4}"#).confidence
                == 0.9)
        #expect(
            try LLMJudge.parse(#"Sure! {"answer_quality": "6", "hallucination_risk": "High", "specificity": 2}"#)
                .hallucinationRisk == "high")
        #expect(throws: LLMError.self) {
            try LLMJudge.parse(#"{"answer_quality": 11, "hallucination_risk": "low", "specificity": 4}"#)
        }
        #expect(throws: LLMError.self) {
            try LLMJudge.parse(#"{"answer_quality": 8, "hallucination_risk": "none", "specificity": 4}"#)
        }
        #expect(throws: LLMError.self) { try LLMJudge.parse("not json") }

        let server = try await OpenAIStubServer.start()
        defer { server.stop() }
        let answer = CandidateAnswer(
            body: "Annual plans can be refunded in full within 14 days of purchase. [Source: Refund policy]",
            citations: [Citation(articleID: "refunds", title: "Refund policy", chunkID: "refunds#0")], engine: "test")
        let judge = LLMJudge(client: Self.client(server))
        let heuristic = HeuristicJudge().evaluate(answer, for: Self.request())
        server.enqueue(.reply(#"{"answer_quality": 10, "hallucination_risk": "low", "specificity": 5}"#))
        let generous = try await judge.judge(answer, for: Self.request())
        #expect(generous.confidence == heuristic.confidence)
        server.enqueue(.reply(#"{"answer_quality": 8, "hallucination_risk": "high", "specificity": 3}"#))
        let wary = try await judge.judge(answer, for: Self.request())
        #expect(wary.confidence <= 0.8 * 0.3 + 1e-9)
        #expect(wary.flags.contains { $0.kind == .unsupportedSentence })
    }

    @Test func meteredStageWritesTokensIntoTheTrace() async throws {
        let server = try await OpenAIStubServer.start(fallback: .reply(#"{"answer": "ok", "cited_titles": []}"#))
        defer { server.stop() }
        struct CallsLLM: PipelineStage {
            let generator: LLMAnswerGenerator
            let name = "answering"
            func process(_ context: inout TicketContext) async throws -> StageReport {
                _ = try await generator.generate(LLMEngineTests.request())
                _ = try await generator.generate(LLMEngineTests.request())
                return StageReport(input: "", output: "done", engine: "t", engineVersion: "1")
            }
        }
        let seen = Counter()
        let stage = MeteredStage(CallsLLM(generator: LLMAnswerGenerator(client: Self.client(server)))) { _ in seen.add()
        }
        var context = TicketContext(
            ticket: Ticket(id: 0, channel: .api, subject: "x", createdAt: Date()), customer: nil, history: [],
            incoming: NewMessage(author: .customer, body: "x", createdAt: Date()))
        await Pipeline(stages: [stage]).run(&context)
        let details = try #require(context.trace.first?.details)
        #expect(details["llm_prompt_tokens"] == "200")
        #expect(details["llm_completion_tokens"] == "40")
        #expect(details["llm_calls"] == "answer:ok,answer:ok")
        #expect(seen.value == 2)
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}
