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
    /// Compares the indexed chunks with the `stamps` of the stored vectors (`ArticleStore.chunkVectorStamps`)
    /// for `model`.
    public func embeddingStatus(stamps: [StoredVectorStamp], model: String) -> EmbeddingStatus {
        let chunks = statistics.chunks
        let waiting = chunksLackingVectors(in: stamps, model: model).count
        return EmbeddingStatus(
            model: model, chunks: chunks, embedded: chunks - waiting, waiting: waiting,
            obsolete: obsoleteVectorStamps(in: stamps, model: model).count)
    }
}
