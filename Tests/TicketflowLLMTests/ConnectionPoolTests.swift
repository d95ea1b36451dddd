import AsyncHTTPClient
import NIOCore
import Testing
import TicketflowTesting
@testable import TicketflowLLM

/// Calls queued behind a slow server wait for it: the shared pool must not be a narrower gate than the
/// clients' own concurrency limits, or a queued call fails after the connect timeout as if unreachable.
@Suite struct ConnectionPoolTests {
    @Test func twoClientsAtTheirLimitsShareThePoolWithoutFailingQueuedCalls() async throws {
        let server = try await OpenAIStubServer.start(fallback: .delay(2, .reply("slow but fine")))
        defer { server.stop() }
        // Built as `sharedHTTPClient` is, with a connect timeout shorter than each answer takes, so a call
        // left waiting for a pooled connection would fail during the test.
        let http = OpenAIClient.makeHTTPClient(connectTimeout: .seconds(1))
        var configuration = LLMConfiguration(baseURL: server.baseURL, model: "stub-model")
        configuration.maxRetries = 0
        configuration.requestTimeout = 20
        let clients = (0..<2).map { _ in OpenAIClient(configuration: configuration, httpClient: http) }
        let calls = clients.count * configuration.maxConcurrentRequests
        #expect(calls > 8, "more calls at once than AsyncHTTPClient's default pool of 8 per host")
        let outcomes = await withTaskGroup(of: String.self) { group in
            for index in 0..<calls {
                group.addTask {
                    do {
                        return try await clients[index % clients.count].chat([.user("call \(index)")]).content
                    } catch {
                        return "failed: \(error)"
                    }
                }
            }
            return await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(outcomes == Array(repeating: "slow but fine", count: calls))
        try await http.shutdown()
    }
}
