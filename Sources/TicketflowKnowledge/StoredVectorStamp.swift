/// What a stored chunk vector was computed from, without the vector: the store lists these so a node can
/// tell current vectors from stale ones (and which it still has to load) without reading every vector.
public struct StoredVectorStamp: Codable, Sendable, Hashable {
    /// The chunk the vector belongs to.
    public var chunkID: String
    /// The chunk content the vector was computed from.
    public var contentHash: String
    /// The embeddings model (encoder identity) that produced it.
    public var model: String

    /// Creates a stamp.
    public init(chunkID: String, contentHash: String, model: String) {
        self.chunkID = chunkID
        self.contentHash = contentHash
        self.model = model
    }

    /// A chunk id and content hash, compared without the model.
    struct Key: Hashable {
        var chunkID: String
        var contentHash: String

        init(_ stamp: StoredVectorStamp) {
            (chunkID, contentHash) = (stamp.chunkID, stamp.contentHash)
        }

        init(_ chunk: KnowledgeChunk) {
            (chunkID, contentHash) = (chunk.id, chunk.contentHash)
        }
    }

    /// Whether the vector is `model`'s for `chunk`'s current content.
    public func isCurrent(for chunk: KnowledgeChunk, model: String) -> Bool {
        self.model == model && chunkID == chunk.id && contentHash == chunk.contentHash
    }
}

extension StoredChunkVector {
    /// The vector's stamp.
    public var stamp: StoredVectorStamp { StoredVectorStamp(chunkID: chunkID, contentHash: contentHash, model: model) }
}
