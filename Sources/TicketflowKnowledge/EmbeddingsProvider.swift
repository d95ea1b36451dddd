/// Turns texts into embedding vectors. The OpenAI-compatible `/v1/embeddings`
/// client implements it in the LLM target; tests use an in-process fake.
public protocol EmbeddingsProvider: Sendable {
    /// Model name, recorded with stored vectors so a model change forces re-embedding.
    var model: String { get }
    /// Vector length the model returns.
    var dimension: Int { get }
    /// One vector per input text, in input order.
    func embed(_ texts: [String]) async throws -> [[Float]]
}

extension EmbeddingsProvider {
    /// One vector per chunk, from its `embeddingText`; a provider that returns another count is an error
    /// (zipping would pair chunks with the wrong vectors).
    func vectors(for chunks: [KnowledgeChunk]) async throws -> [[Float]] {
        let vectors = try await embed(chunks.map(\.embeddingText))
        guard vectors.count == chunks.count else {
            throw KnowledgeError(.embeddings, "embeddings returned \(vectors.count) vectors for \(chunks.count) texts")
        }
        return vectors
    }
}
