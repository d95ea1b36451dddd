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
