import Synchronization

/// How far a knowledge base's chunks have vectors from one embeddings model.
public struct EmbeddingStatus: Sendable, Equatable, Codable {
    /// The model (encoder identity) counted.
    public var model: String
    /// Chunks of every article.
    public var chunks: Int
    /// Chunks with a stored vector from `model` for their current content.
    public var embedded: Int
    /// Chunks still to embed: new, changed, or never embedded with `model`.
    public var waiting: Int
    /// Stored vectors no chunk uses any more: another model's, or a chunk's old content.
    public var obsolete: Int

    /// Embedded share of all chunks, 0–1 (1 for an empty knowledge base).
    public var fraction: Double { chunks == 0 ? 1 : Double(embedded) / Double(chunks) }
}

extension KnowledgeIndex {
    /// Compares the indexed chunks with the `stored` vectors (see `ArticleStore.chunkVectors`) for `model`.
    public func embeddingStatus(stored: [StoredChunkVector], model: String) -> EmbeddingStatus {
        let current = Set(stored.filter { $0.model == model }.map { "\($0.chunkID)\u{0}\($0.contentHash)" })
        let chunks = state.withLock { Array($0.chunks.values) }
        let embedded = chunks.filter { current.contains("\($0.id)\u{0}\($0.contentHash)") }.count
        return EmbeddingStatus(
            model: model, chunks: chunks.count, embedded: embedded, waiting: chunks.count - embedded,
            obsolete: stored.count - embedded)
    }
}
