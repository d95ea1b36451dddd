import Foundation
import Testing
import TicketflowCore
import TicketflowKnowledge
import TicketflowTesting
@testable import TicketflowLLM

/// The `/v1/embeddings` client as retrieval uses it, against the loopback
/// OpenAI-format server: vectors, hybrid retrieval, and every failure mode.
@Suite struct EmbeddingsProviderTests {
    static func client(_ server: OpenAIStubServer, timeout: Double = 10) -> OpenAIClient {
        var configuration = LLMConfiguration(
            baseURL: server.baseURL, model: "stub-model", embeddingsModel: "stub-embed")
        configuration.maxRetries = 0
        configuration.requestTimeout = timeout
        return OpenAIClient(configuration: configuration)
    }

    static let articles = [
        Article(
            id: "refunds", title: "Refund policy", category: "billing",
            body: "Annual plans are refunded within 14 days.", source: "test"),
        Article(
            id: "password", title: "Reset your password", category: "account",
            body: "Click Forgot password on the login page.", source: "test"),
    ]

    @Test func hybridRetrievalUsesTheEndpointsVectors() async throws {
        let server = try await OpenAIStubServer.start()
        defer { server.stop() }
        let provider = try await OpenAIEmbeddingsProvider.connect(client: Self.client(server), batchSize: 1)
        #expect(provider.dimension == 64 && provider.model == "stub-embed")
        let index = KnowledgeIndex(embeddings: provider)
        _ = index.upsert(articles: Self.articles)
        #expect(try await index.embedPending() == 2)
        let passages = await index.retrieve(RetrievalRequest(query: "refund annual plan", minScore: 0))
        #expect(passages.first?.articleID == "refunds")
        #expect(passages.first?.signals.contains("dense") == true)
        // Batches of one: the probe, two chunks and their two headings, one query.
        #expect(server.requests.filter { $0.path.hasSuffix("/embeddings") }.count == 6)
        #expect(server.requests.first?.body.contains("\"model\":\"stub-embed\"") == true)
    }

    @Test(arguments: [
        ("server error", OpenAIStubServer.Behavior.status(500)),
        ("rate limited", .status(429, retryAfter: 0)),
        ("not JSON", .malformed),
        ("timeout", .delay(10, .reply("unused"))),
    ])
    func failuresAreErrorsAndRetrievalFallsBackToBM25(
        _ name: String, _ behavior: OpenAIStubServer.Behavior
    ) async throws {
        let server = try await OpenAIStubServer.start()
        defer { server.stop() }
        // A generous timeout: the whole suite runs in parallel on two cores; the timeout case waits longer still.
        let provider = try await OpenAIEmbeddingsProvider.connect(client: Self.client(server, timeout: 8))
        let index = KnowledgeIndex(embeddings: provider)
        _ = index.upsert(articles: Self.articles)
        _ = try await index.embedPending()
        server.setFallback(behavior)
        await #expect(throws: LLMError.self, "\(name)") { _ = try await provider.embed(["refund"]) }
        let passages = await index.retrieve(RetrievalRequest(query: "refund annual plan", minScore: 0))
        #expect(passages.first?.articleID == "refunds", "\(name): lexical retrieval still answers")
        #expect(passages.first?.signals == ["bm25"], "\(name)")
    }
}
