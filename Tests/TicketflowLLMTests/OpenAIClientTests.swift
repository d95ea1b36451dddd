import Foundation
import Testing
import TicketflowTesting
@testable import TicketflowLLM

/// The client against a real loopback server speaking the OpenAI format.
@Suite struct OpenAIClientTests {
    static func client(_ server: OpenAIStubServer, _ tune: (inout LLMConfiguration) -> Void = { _ in }) -> OpenAIClient
    {
        var configuration = LLMConfiguration(
            baseURL: server.baseURL, model: "stub-model", embeddingsModel: "stub-embed", apiKey: "sk-test")
        configuration.retryBaseDelay = 0.01
        configuration.retryMaxDelay = 0.05
        configuration.requestTimeout = 10  // generous: the whole suite runs in parallel on two cores
        configuration.promptPricePer1K = 0.5
        configuration.completionPricePer1K = 1.5
        tune(&configuration)
        return OpenAIClient(configuration: configuration)
    }

    @Test func normalChatCompletion() async throws {
        let server = try await OpenAIStubServer.start(fallback: .reply("Hello there"))
        defer { server.stop() }
        let reply = try await Self.client(server).chat(
            [.system("be brief"), .user("hi")], options: ChatOptions(jsonMode: true))
        #expect(reply.content == "Hello there")
        #expect(reply.attempts == 1)
        #expect(reply.usage == TokenUsage(promptTokens: 100, completionTokens: 20, cost: 0.05 + 0.03))
        let request = try #require(server.requests.first)
        #expect(request.path == "/v1/chat/completions")
        #expect(request.headers["authorization"] == "Bearer sk-test")
        let body = try #require(try JSONSerialization.jsonObject(with: Data(request.body.utf8)) as? [String: Any])
        #expect(body["model"] as? String == "stub-model")
        #expect(body["temperature"] as? Double == 0.2)
        #expect((body["response_format"] as? [String: Any])?["type"] as? String == "json_object")
        #expect((body["messages"] as? [[String: Any]])?.count == 2)
    }

    @Test func logprobsAreParsed() async throws {
        let server = try await OpenAIStubServer.start()
        defer { server.stop() }
        server.enqueue(.replyWithLogprobs("billing", [("billing", -0.1), ("account", -2.5)]))
        let reply = try await Self.client(server).chat([.user("x")], options: ChatOptions(topLogprobs: 2))
        #expect(reply.tokenAlternatives.first?.map(\.token) == ["billing", "account"])
        #expect(reply.tokenAlternatives.first?.first?.logprob == -0.1)
    }

    @Test func rateLimitIsRetriedHonouringRetryAfter() async throws {
        let server = try await OpenAIStubServer.start(fallback: .reply("after wait"))
        defer { server.stop() }
        server.enqueue(.status(429, retryAfter: 0), .status(503))
        let reply = try await Self.client(server).chat([.user("x")])
        #expect(reply.content == "after wait")
        #expect(reply.attempts == 3)
        #expect(server.requests.count == 3)
    }

    @Test func serverErrorsGiveUpAfterTheRetryBudget() async throws {
        let server = try await OpenAIStubServer.start(fallback: .status(500))
        defer { server.stop() }
        await #expect(throws: LLMError.self) {
            _ = try await Self.client(server) { $0.maxRetries = 2 }.chat([.user("x")])
        }
        #expect(server.requests.count == 3)
    }

    @Test func malformedRepliesAndRejectionsAreNotRetried() async throws {
        let server = try await OpenAIStubServer.start(fallback: .malformed)
        defer { server.stop() }
        let client = Self.client(server)
        do {
            _ = try await client.chat([.user("x")])
            Issue.record("expected a bad-response error")
        } catch let error as LLMError {
            #expect(error.code == .badResponse)
        }
        server.enqueue(.status(400))
        do {
            _ = try await client.chat([.user("x")])
            Issue.record("expected a rejection")
        } catch let error as LLMError {
            #expect(error.code == .rejected)
        }
        #expect(server.requests.count == 2)
    }

    @Test func slowAnswersAndSlowDripBodiesTimeOut() async throws {
        let server = try await OpenAIStubServer.start()
        defer { server.stop() }
        server.enqueue(.delay(3, .reply("late")), .slowDrip("dripping slowly", interval: 0.05))
        let client = Self.client(server) {
            $0.requestTimeout = 0.4; $0.maxRetries = 0
        }
        for _ in 0..<2 {
            do {
                _ = try await client.chat([.user("x")])
                Issue.record("expected a timeout")
            } catch let error as LLMError {
                #expect(error.code == .timeout)
            }
        }
    }

    @Test func circuitBreakerStopsCallingADeadEndpoint() async throws {
        let server = try await OpenAIStubServer.start(fallback: .status(502))
        defer { server.stop() }
        let client = Self.client(server) {
            $0.maxRetries = 0; $0.breakerFailureThreshold = 2; $0.breakerCooldown = 60
        }
        for _ in 0..<2 { _ = try? await client.chat([.user("x")]) }
        do {
            _ = try await client.chat([.user("x")])
            Issue.record("expected the breaker to be open")
        } catch let error as LLMError {
            #expect(error.code == .circuitOpen)
        }
        #expect(server.requests.count == 2)
        #expect(client.breaker.isOpen)
    }

    @Test func breakerHalfOpensAfterCooldown() {
        let breaker = CircuitBreaker(threshold: 1, cooldown: 10)
        let start = Date(timeIntervalSince1970: 0)
        breaker.recordFailure(now: start)
        #expect(!breaker.allowRequest(now: start.addingTimeInterval(5)))
        #expect(breaker.allowRequest(now: start.addingTimeInterval(11)))
        #expect(!breaker.allowRequest(now: start.addingTimeInterval(11)))
        breaker.recordSuccess()
        #expect(breaker.allowRequest(now: start.addingTimeInterval(12)))
    }

    @Test func concurrencyLimiterBoundsInFlightWork() async {
        let limiter = ConcurrencyLimiter(limit: 2)
        let gauge = Gauge()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    await limiter.acquire()
                    await gauge.enter()
                    try? await Task.sleep(for: .milliseconds(10))
                    await gauge.leave()
                    await limiter.release()
                }
            }
        }
        #expect(await gauge.peak == 2)
    }

    @Test func embeddingsComeBackInInputOrder() async throws {
        let server = try await OpenAIStubServer.start()
        defer { server.stop() }
        let (vectors, usage) = try await Self.client(server).embeddings([
            "refund my order", "reset password", "refund my order",
        ])
        #expect(vectors.count == 3 && vectors.allSatisfy { $0.count == 64 })
        #expect(vectors[0] == vectors[2] && vectors[0] != vectors[1])
        #expect(usage.promptTokens == 24)
    }
}

actor Gauge {
    var current = 0
    var peak = 0
    func enter() { current += 1; peak = max(peak, current) }
    func leave() { current -= 1 }
}
