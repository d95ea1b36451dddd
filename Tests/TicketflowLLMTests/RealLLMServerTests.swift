import Foundation
import Testing
import TicketflowAnswering
import TicketflowCore
import TicketflowTesting
@testable import TicketflowLLM

/// The OpenAI wire format against a real server: llama.cpp with SmolLM2-135M-Instruct on loopback
/// (scripts/llm-server.sh). A model this small says little of use, so the checks are on structure, token
/// counts, enum membership and error codes, never on the text. Fault injection stays with the stub server.
@Suite(.enabled(if: RealLLMServer.configured != nil, Comment(rawValue: RealLLMServer.skipReason)))
struct RealLLMServerTests {
    static var server: RealLLMServer { RealLLMServer.configured! }

    /// A client for the real server with the right key unless told otherwise (nil sends none).
    static func client(apiKey: String? = RealLLMServer.configured?.apiKey, embeddings: Bool = false) -> OpenAIClient {
        var configuration = LLMConfiguration(
            baseURL: server.baseURL, model: server.model, embeddingsModel: embeddings ? server.model : nil,
            apiKey: apiKey)
        configuration.maxRetries = 0
        // Generous: one CPU thread serves every test, and CI runs other suites beside this one.
        configuration.requestTimeout = 90
        return OpenAIClient(configuration: configuration)
    }

    @Test func chatReturnsACompletionWithUsageAndLogprobs() async throws {
        let reply = try await Self.client().chat(
            [.system("You are a friendly assistant."), .user("Say hello to Ann.")],
            options: ChatOptions(maxTokens: 12, topLogprobs: 2))
        #expect(["stop", "length"].contains(reply.finishReason))
        #expect(reply.usage.promptTokens > 5)
        #expect((1...12).contains(reply.usage.completionTokens))
        #expect(!reply.content.isEmpty)
        #expect(reply.attempts == 1)
        // A list of alternatives per generated token (an end-of-text token may have none), each a log-probability.
        #expect((1...reply.usage.completionTokens).contains(reply.tokenAlternatives.count))
        for alternatives in reply.tokenAlternatives {
            #expect((1...2).contains(alternatives.count))
            #expect(alternatives.allSatisfy { $0.logprob <= 0 })
        }
    }

    @Test func jsonSchemaConstrainsTheReplyToItsEnumsAndRanges() async throws {
        let triage = JSONSchema(
            name: "triage",
            schema: [
                "type": "object",
                "properties": [
                    "category": ["type": "string", "enum": ["billing", "technical", "account"]],
                    "urgency": ["type": "integer", "minimum": 1, "maximum": 5],
                ],
                "required": ["category", "urgency"], "additionalProperties": false,
            ])
        let reply = try await Self.client().chat(
            [.system("Classify the support ticket. Reply as JSON."), .user("I was charged twice this month.")],
            options: ChatOptions(jsonSchema: triage, maxTokens: 60, temperature: 0))
        let object = try #require(TolerantJSON.object(in: reply.content), "not JSON: \(reply.content)")
        #expect(Set(object.keys) == ["category", "urgency"])
        #expect(["billing", "technical", "account"].contains(object["category"] as? String ?? ""))
        #expect((1...5).contains(TolerantJSON.integer(object["urgency"]) ?? 0))

        // The judge's own schema: whatever the model thinks, its reply parses.
        let review = try await Self.client().chat(
            [.system(BuiltInPrompts.judge.text), .user("Answer to review:\nYou can reset it in Settings.")],
            options: ChatOptions(jsonSchema: LLMJudge.schema, maxTokens: 120, temperature: 0))
        let scores = try LLMJudge.parse(review.content)
        #expect(["low", "medium", "high"].contains(scores.hallucinationRisk))
    }

    @Test func aStreamedCompletionArrivesInPiecesThatMakeTheWhole() async throws {
        let pieces = StreamingTests.Pieces()
        let reply = try await Self.client().chatStream(
            [.system("You are a friendly assistant."), .user("Say hello to Ann in one sentence.")],
            options: ChatOptions(maxTokens: 24)
        ) { pieces.add($0) }
        #expect(["stop", "length"].contains(reply.finishReason))
        #expect(pieces.all.count > 1, "one event per token, not one at the end")
        #expect(pieces.text == reply.content && !reply.content.isEmpty)
        #expect(reply.usage.promptTokens > 5 && (1...24).contains(reply.usage.completionTokens))

        // The answer schema streamed: the text read from the partial JSON is the answer the whole reply holds.
        let passage = RetrievedPassage(
            articleID: "refunds", chunkID: "refunds#0", title: "Refund policy",
            text: "Annual plans can be refunded in full within 14 days of purchase.", category: "billing", score: 1,
            signals: ["bm25"])
        let request = AnswerRequest(
            ticketID: 1, question: "Can I get a refund on my annual plan?", category: "billing",
            categoryConfidence: 0.9, sentiment: .neutral, urgency: 2, route: .aiOnly, passages: [passage])
        let streamed = StreamingTests.Pieces()
        do {
            let answer = try await LLMAnswerGenerator(client: Self.client()).generate(
                request, streamingTo: { streamed.add($0) })
            #expect(streamed.text.trimmingCharacters(in: .whitespacesAndNewlines) == answer.body)
        } catch let error as LLMError {
            // A 135M model may run out of tokens inside the JSON: the text so far still streamed.
            #expect(error.code == .badResponse && !streamed.text.isEmpty, "\(error)")
        }
    }

    @Test func embeddingsReturnOneVectorPerInputInOrder() async throws {
        let client = Self.client(embeddings: true)
        let texts = ["How do I reset my password?", "My invoice shows a duplicate charge.", "The app crashes."]
        let forward = try await client.embeddings(texts)
        #expect(forward.vectors.count == 3)
        #expect(forward.usage.promptTokens > 0)
        let dimension = forward.vectors[0].count
        #expect(dimension > 0 && forward.vectors.allSatisfy { $0.count == dimension && $0.allSatisfy(\.isFinite) })
        // Reversed input, reversed output: the client orders vectors by the reply's index.
        let backward = try await client.embeddings(texts.reversed())
        for (index, vector) in backward.vectors.reversed().enumerated() {
            #expect(Self.cosine(vector, forward.vectors[index]) > 0.999)
        }
        #expect(Self.cosine(forward.vectors[0], forward.vectors[1]) < 0.999)

        // The retrieval provider learns the dimension and batches large inputs.
        let provider = try await OpenAIEmbeddingsProvider.connect(client: client, batchSize: 2)
        #expect(provider.dimension == dimension)
        let batched = try await provider.embed(texts + ["Where is my order?", "Cancel my plan."])
        #expect(batched.count == 5)
        #expect(Self.cosine(batched[2], forward.vectors[2]) > 0.999)
    }

    @Test(arguments: [("wrong", "tf-test-not-the-key" as String?), ("missing", nil)])
    func aWrongOrMissingKeyIsRejectedWithoutRetrying(_ name: String, _ key: String?) async throws {
        let client = Self.client(apiKey: key)
        let error = try await #require(throws: LLMError.self) {
            _ = try await client.chat([.user("Hello")], options: ChatOptions(maxTokens: 4))
        }
        #expect(error.code == .rejected, "\(name) key: \(error)")
        #expect(error.message.contains("401"), "\(error)")
        #expect(!error.isRetryable && !error.isEndpointFailure)
        #expect(client.breaker.allowRequest(), "a refused key says nothing about the endpoint's health")
        let embeddings = Self.client(apiKey: key, embeddings: true)
        await #expect(throws: LLMError.self) { _ = try await embeddings.embeddings(["Hello"]) }
    }

    @Test func aPromptOverTheContextLengthIsATypedRejection() async throws {
        // About 12,000 tokens against a 4,096-token context: refused before any decoding.
        let question = String(repeating: "Please explain the refund policy for annual plans. ", count: 1_200)
        let error = try await #require(throws: LLMError.self) {
            _ = try await Self.client().chat([.user(question)], options: ChatOptions(maxTokens: 16))
        }
        #expect(error.code == .rejected)
        #expect(error.message.contains("400") && error.message.contains("exceed_context_size_error"), "\(error)")
        #expect(!error.message.contains("refund"), "the server's message (which may quote the prompt) stays out")
        // The server is still there for the next call.
        let after = try await Self.client().chat([.user("Hi")], options: ChatOptions(maxTokens: 2))
        #expect(after.usage.completionTokens > 0)
    }

    @Test func cancellingTheCallingTaskStopsAGenerationPromptly() async throws {
        // A schema that forces hundreds of tokens: about ten seconds of decoding on one thread.
        let long = JSONSchema(
            name: "numbers", schema: ["type": "array", "items": ["type": "integer"], "minItems": 400])
        let client = Self.client()
        let call = Task {
            try await client.chat([.user("List numbers.")], options: ChatOptions(jsonSchema: long, maxTokens: 1_500))
        }
        try await Task.sleep(for: .milliseconds(700))
        let cancelled = ContinuousClock.now
        call.cancel()
        let result = await call.result
        // Not a speed check: the whole generation takes about ten seconds alone and longer when the suites
        // share two cores (a cancel then took 3.9 s to surface), so under six means it was cut short.
        #expect(ContinuousClock.now - cancelled < .seconds(6))
        #expect(throws: CancellationError.self) { try result.get() }
        #expect(client.breaker.allowRequest(), "a cancelled call is not an endpoint failure")
        let after = try await client.chat([.user("Hi")], options: ChatOptions(maxTokens: 2))
        #expect(after.usage.completionTokens > 0)
    }

    static func cosine(_ a: [Float], _ b: [Float]) -> Float {
        let dot = zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }
        let norms = (a.reduce(0) { $0 + $1 * $1 } * b.reduce(0) { $0 + $1 * $1 }).squareRoot()
        return norms > 0 ? dot / norms : 0
    }
}

/// In CI the real-server suites must run: an unset server there is a failure, not a quiet skip.
@Suite struct RealLLMServerRequirementTests {
    @Test func theServerIsConfiguredWhereItIsRequired() {
        if RealLLMServer.configured == nil {
            if RealLLMServer.isRequired {
                Issue.record("\(RealLLMServer.skipReason) (CI=true: scripts/test.sh starts it)")
            } else {
                print("note: real LLM server suites skipped, \(RealLLMServer.skipReason)")
            }
        }
    }
}
