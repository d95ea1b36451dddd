import Foundation
import Synchronization

/// A chunk's vector as persisted next to the chunk, so restarts do not re-embed.
public struct StoredChunkVector: Codable, Sendable, Equatable {
    /// The chunk the vector belongs to.
    public var chunkID: String
    /// The chunk content the vector was computed from; a mismatch means "stale".
    public var contentHash: String
    /// The embeddings model that produced it.
    public var model: String
    /// The embedding as returned by the model.
    public var vector: [Float]

    /// Creates a stored vector record.
    public init(chunkID: String, contentHash: String, model: String, vector: [Float]) {
        self.chunkID = chunkID
        self.contentHash = contentHash
        self.model = model
        self.vector = vector
    }

    enum CodingKeys: String, CodingKey {
        case model, vector
        case chunkID = "chunk_id"
        case contentHash = "content_hash"
    }
}

extension KnowledgeIndex {
    /// Switches the index to hybrid retrieval with `provider` (a server starts
    /// lexical and switches once its embeddings endpoint answered). Chunks get
    /// vectors from the next `embedPending`; until then retrieval stays lexical.
    public func enableEmbeddings(_ provider: any EmbeddingsProvider) {
        state.withLock { state in
            state.provider = provider
            state.vectors = VectorIndex(dimension: provider.dimension)
            state.vectorHashes = [:]
        }
    }

    /// Chunks that have no vector for their current content.
    public func chunksNeedingEmbedding() -> [KnowledgeChunk] {
        state.withLock { state in
            guard state.vectors != nil else { return [] }
            return state.chunks.values.filter { state.vectorHashes[$0.id] != $0.contentHash }.sorted { $0.id < $1.id }
        }
    }

    /// Whether every chunk has a vector for its current content (true for an empty index). Retrieval ranks
    /// with vectors only then: a half-embedded index would fuse cosine for some chunks and nothing for the
    /// rest, sinking the chunks not embedded yet, so until the embedding job is done retrieval stays lexical.
    ///
    /// Asked on every query, so it compares counts: a vector is only ever kept for its chunk's current
    /// content (`upsert` drops the others, `importVectors` and `embedPending` check), and the vectors of
    /// chunks that are gone are dropped by `dropOrphanVectors` after each reload.
    public var hasEveryVector: Bool {
        state.withLock { state in state.vectors != nil && state.vectorHashes.count == state.chunks.count }
    }

    /// Drops the vectors of chunks that no longer exist (an edit that left an article with fewer chunks
    /// keeps the old ones for reuse until here). Returns how many.
    @discardableResult
    public func dropOrphanVectors() -> Int {
        state.withLock { state in
            let orphans = state.vectorHashes.keys.filter { state.chunks[$0] == nil }
            for id in orphans {
                state.vectors?.remove(key: id)
                state.vectorHashes[id] = nil
            }
            return orphans.count
        }
    }

    /// Chunks with no current vector among `stamps` (the store's) for `model`, by chunk id: the work
    /// of the embedding job, whatever this node holds in memory.
    public func chunksLackingVectors(in stamps: [StoredVectorStamp], model: String) -> [KnowledgeChunk] {
        let current = Set(stamps.filter { $0.model == model }.map { StoredVectorStamp.Key($0) })
        return state.withLock { state in
            state.chunks.values.filter { !current.contains(StoredVectorStamp.Key($0)) }.sorted { $0.id < $1.id }
        }
    }

    /// Ids among `stamps` whose vector is current for `model` but not loaded here yet.
    public func vectorIDsToLoad(from stamps: [StoredVectorStamp], model: String) -> [String] {
        state.withLock { state in
            stamps.filter { stamp in
                guard stamp.model == model, let chunk = state.chunks[stamp.chunkID],
                    chunk.contentHash == stamp.contentHash
                else { return false }
                return state.vectorHashes[stamp.chunkID] != stamp.contentHash
            }.map(\.chunkID)
        }
    }

    /// Stamps of stored vectors no current chunk will use: the chunk is gone, or the vector is another
    /// model's or of the chunk's old content.
    public func obsoleteVectorStamps(in stamps: [StoredVectorStamp], model: String) -> [StoredVectorStamp] {
        state.withLock { state in
            stamps.filter { stamp in
                guard let chunk = state.chunks[stamp.chunkID] else { return true }
                return !stamp.isCurrent(for: chunk, model: model)
            }
        }
    }

    /// Embeds every chunk lacking a current vector, `batchSize` texts per call;
    /// returns how many were embedded. Call after `upsert` (re-embedding on change).
    @discardableResult
    public func embedPending(batchSize: Int = 64) async throws -> Int {
        guard let embeddings else { return 0 }
        let pending = chunksNeedingEmbedding()
        var done = 0
        var start = 0
        while start < pending.count {
            let batch = Array(pending[start..<min(start + max(1, batchSize), pending.count)])
            let vectors = try await embeddings.vectors(for: batch)
            try state.withLock { state in
                for (chunk, vector) in zip(batch, vectors)
                where state.chunks[chunk.id]?.contentHash == chunk.contentHash {
                    try state.vectors?.upsert(key: chunk.id, vector: vector)
                    state.vectorHashes[chunk.id] = chunk.contentHash
                }
            }
            done += batch.count
            start += batch.count
        }
        return done
    }

    /// The current vectors, for the store to persist with the chunks.
    public func exportVectors() -> [StoredChunkVector] {
        state.withLock { state in
            guard let vectors = state.vectors, let model = state.provider?.chunkVectorModel else { return [] }
            return state.vectorHashes.sorted { $0.key < $1.key }.compactMap { id, hash in
                vectors.vector(for: id).map {
                    StoredChunkVector(chunkID: id, contentHash: hash, model: model, vector: $0)
                }
            }
        }
    }

    /// Loads persisted vectors; ones for another model or stale content are ignored. Returns how many were used.
    @discardableResult
    public func importVectors(_ stored: [StoredChunkVector]) -> Int {
        state.withLock { state in
            guard state.vectors != nil, let model = state.provider?.chunkVectorModel else { return 0 }
            var used = 0
            for record in stored
            where record.model == model && state.chunks[record.chunkID]?.contentHash == record.contentHash {
                if (try? state.vectors?.upsert(key: record.chunkID, vector: record.vector)) != nil {
                    state.vectorHashes[record.chunkID] = record.contentHash
                    used += 1
                }
            }
            return used
        }
    }
}
