import Foundation
import Logging
import Testing
import TicketflowTesting
@testable import TicketflowLLM

/// The client when the endpoint is down or hangs: a refused connection fails
/// at once, failed calls and breaker changes reach the injected logger
/// (without prompt text), and a cancelled call returns promptly.
@Suite struct LLMOutageTests {
    static func configuration(
        _ baseURL: String, _ tune: (inout LLMConfiguration) -> Void = { _ in }
    ) -> LLMConfiguration {
        var configuration = LLMConfiguration(baseURL: baseURL, model: "stub-model", embeddingsModel: "stub-embed")
        configuration.requestTimeout = 10
        configuration.retryBaseDelay = 0.2
        tune(&configuration)
        return configuration
    }

    @Test func refusedConnectionFailsAtOnceWithoutRetries() async throws {
        let port = try await UnusedPort.loopback()
        let logs = CapturedLogs()
        // Retries and a long timeout configured: neither may be used for a refused connection.
        let client = OpenAIClient(
            configuration: Self.configuration("http://127.0.0.1:\(port)/v1") { $0.maxRetries = 3 },
            logger: logs.logger())
        let clock = ContinuousClock()
        let started = clock.now
        await #expect { _ = try await client.chat([.user("hello")]) } throws: { error in
            (error as? LLMError)?.code == .connectionRefused
        }
        let elapsed = clock.now - started
        // Under the configured 10 s timeout; the margin is for a loaded two-core CI machine (5.9 s was seen
        // beside the encoder suites). The attempt count below proves no retry ran.
        #expect(elapsed < .seconds(9), "a refused connection took \(elapsed)")
        let embeddingsStarted = clock.now
        await #expect(throws: LLMError.self) { _ = try await OpenAIEmbeddingsProvider.connect(client: client) }
        #expect(clock.now - embeddingsStarted < .seconds(9))
        let failures = logs.all.filter { $0.hasPrefix("warning LLM call failed") }
        #expect(failures.count == 2, "\(logs.all)")
        #expect(
            failures.allSatisfy { $0.contains("connection_refused") && $0.contains(#""attempt": 1"#) }, "\(failures)")
        #expect(!logs.all.contains { $0.contains("retrying") }, "\(logs.all)")
    }

    @Test func failedCallsAndBreakerChangesAreLoggedWithoutPromptText() async throws {
        let server = try await OpenAIStubServer.start(fallback: .status(500))
        defer { server.stop() }
        let logs = CapturedLogs()
        let client = OpenAIClient(
            configuration: Self.configuration(server.baseURL) {
                $0.maxRetries = 0
                $0.breakerFailureThreshold = 2
                $0.breakerCooldown = 0.3
            },
            logger: logs.logger(level: .info))
        let secret = "Customer Jane Roe, card ending 4242, asks about invoice 991"
        for _ in 0..<2 { _ = try? await client.chat([.user(secret)]) }
        #expect(client.breaker.isOpen)
        var lines = logs.all
        #expect(
            lines.filter { $0.hasPrefix("warning LLM call failed") && $0.contains("server_error") }.count == 2,
            "\(lines)")
        #expect(lines.filter { $0.contains("circuit breaker opened") }.count == 1, "\(lines)")
        // While open, calls fail without reaching the endpoint and without a warning each.
        _ = try? await client.chat([.user(secret)])
        #expect(server.requests.count == 2)
        #expect(logs.all.filter { $0.hasPrefix("warning") }.count == 3, "\(logs.all)")
        // After the cooldown one probe goes out; it succeeds and the breaker closes.
        server.setFallback(.reply("fine"))
        try await Task.sleep(for: .milliseconds(400))
        #expect(try await client.chat([.user(secret)]).content == "fine")
        #expect(!client.breaker.isOpen)
        lines = logs.all
        #expect(lines.contains { $0.hasPrefix("info LLM circuit breaker half-open") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("notice LLM circuit breaker closed") }, "\(lines)")
        for line in lines {
            #expect(!line.contains("Jane") && !line.contains("4242") && !line.contains("invoice"), "\(line)")
        }
    }

    @Test func aCancelledCallAgainstAHungEndpointReturnsPromptlyAndIsNotAnEndpointFailure() async throws {
        let server = try await OpenAIStubServer.start(fallback: .hang)
        defer { server.stop() }
        let logs = CapturedLogs()
        let client = OpenAIClient(
            configuration: Self.configuration(server.baseURL) {
                $0.maxRetries = 2; $0.breakerFailureThreshold = 1
            },
            logger: logs.logger())
        let call = Task { try await client.chat([.user("hello")]) }
        // Wait until the request is at the server, then cancel (a shutdown after its grace period).
        for _ in 0..<200 where server.requests.isEmpty { try await Task.sleep(for: .milliseconds(10)) }
        #expect(server.requests.count == 1)
        let clock = ContinuousClock()
        let cancelled = clock.now
        call.cancel()
        let result = await call.result
        // Left alone, the call would wait out its 10 s timeout (and retry): 3 s tells the two apart even while
        // the timing suites share two busy cores (1.4 s was seen there).
        #expect(clock.now - cancelled < .seconds(3), "cancellation took \(clock.now - cancelled)")
        #expect(throws: CancellationError.self) { try result.get() }
        #expect(!client.breaker.isOpen, "a cancelled call says nothing about the endpoint")
        #expect(server.requests.count == 1, "no retry after cancellation")
        #expect(!logs.all.contains { $0.hasPrefix("warning") }, "\(logs.all)")
    }
}
