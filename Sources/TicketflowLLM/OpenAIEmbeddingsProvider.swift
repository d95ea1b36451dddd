import TicketflowKnowledge

/// Dense vectors from an OpenAI-compatible `/v1/embeddings` endpoint (vLLM,
/// Ollama, TEI, OpenAI) for hybrid retrieval.
public struct OpenAIEmbeddingsProvider: EmbeddingsProvider {
    public let client: OpenAIClient
    public let model: String
    public let dimension: Int
    /// Inputs per request; large imports are sent in batches.
    public let batchSize: Int

    /// Asks the endpoint once for a vector to learn its dimension.
    public static func connect(client: OpenAIClient, batchSize: Int = 64) async throws -> OpenAIEmbeddingsProvider {
        guard let model = client.configuration.embeddingsModel else {
            throw LLMError(.rejected, "no embeddings model is configured")
        }
        let probe = try await client.embeddings(["dimension probe"])
        return OpenAIEmbeddingsProvider(
            client: client, model: model, dimension: probe.vectors[0].count, batchSize: batchSize)
    }

    public func embed(_ texts: [String]) async throws -> [[Float]] {
        var vectors: [[Float]] = []
        vectors.reserveCapacity(texts.count)
        var start = 0
        while start < texts.count {
            let batch = Array(texts[start..<min(texts.count, start + batchSize)])
            let result = try await client.embeddings(batch)
            UsageLedger.record(result.usage, purpose: "embeddings", outcome: "ok")
            guard result.vectors.allSatisfy({ $0.count == dimension }) else {
                throw LLMError(.badResponse, "the endpoint changed its vector dimension from \(dimension)")
            }
            vectors += result.vectors
            start += batchSize
        }
        return vectors
    }
}
