import Foundation
import Synchronization
import TicketflowCore

extension KnowledgeBase {
    /// Embeds what `job` stands for: every chunk with no stored vector for its current content from this
    /// node's embeddings model, `batchSize` texts per call. Each batch's vectors are stored (and the
    /// `vectorsTopic` bumped, so every node loads them) before the next batch starts; the run stops after
    /// the batch that passes `deadline`. Which chunks need a vector is read from the store, not from this
    /// node's memory, so a chunk stored by any node (or by a run that was killed) is never embedded again.
    /// Once nothing remains, the vectors of chunks that are gone are deleted.
    public func runEmbedding(
        _ job: EmbeddingJob, batchSize: Int = 64, until deadline: ContinuousClock.Instant? = nil
    ) async throws -> EmbeddingPass {
        guard let provider = index.embeddings else {
            throw KnowledgeError(.embeddings, "no embeddings model is connected on this node yet")
        }
        let model = provider.chunkVectorModel
        guard model == job.model else {
            throw KnowledgeError(.embeddings, "the job embeds with \(job.model) but this node's model is \(model)")
        }
        let current = try await store.changeVersions()[Self.topic] ?? 0
        if loadedVersion.withLock({ $0 }) != current { try await reloadIndex() }
        if job.version < current { return EmbeddingPass(superseded: true) }

        let stamps = try await store.chunkVectorStamps()
        try await loadVectors(stamps: stamps, model: model)
        let pending = index.chunksLackingVectors(in: stamps, model: model)
        var pass = EmbeddingPass()
        var start = 0
        while start < pending.count {
            if let deadline, pass.embedded > 0, ContinuousClock.now >= deadline { break }
            let batch = Array(pending[start..<min(start + max(1, batchSize), pending.count)])
            let vectors = try await provider.vectors(for: batch)
            let records = zip(batch, vectors).map { chunk, vector in
                StoredChunkVector(
                    chunkID: chunk.id, contentHash: chunk.contentHash, model: model, vector: vector)
            }
            try await store.upsertChunkVectors(records)
            index.importVectors(records)
            _ = try await store.bumpVersion(of: Self.vectorsTopic, at: Date())
            pass.embedded += batch.count
            start += batch.count
        }
        pass.remaining = pending.count - start
        if pass.remaining == 0 {
            // The stamps were read before this run overwrote the stale vectors of the chunks it embedded.
            let embeddedIDs = Set(pending.map(\.id))
            let obsolete = index.obsoleteVectorStamps(in: stamps, model: model)
                .map(\.chunkID).filter { !embeddedIDs.contains($0) }
            pass.removed = try await store.deleteChunkVectors(ids: obsolete)
        }
        return pass
    }

    /// Runs the embedding work to the end here and now, through the same code as the `kb.embed` job:
    /// for tools that measure retrieval (`bench pipeline --encoder`) and tests.
    @discardableResult
    public func embedEverything(batchSize: Int = 64) async throws -> EmbeddingPass {
        guard let model = index.embeddings?.chunkVectorModel else { return EmbeddingPass() }
        let version = try await store.changeVersions()[Self.topic] ?? 0
        return try await runEmbedding(EmbeddingJob(model: model, version: version), batchSize: batchSize)
    }

    /// Loads the stored vectors (of `stamps`) that are current for `model` and missing here, a few hundred
    /// at a time. Returns how many.
    @discardableResult
    func loadVectors(stamps: [StoredVectorStamp], model: String) async throws -> Int {
        let ids = index.vectorIDsToLoad(from: stamps, model: model)
        var loaded = 0
        for start in stride(from: 0, to: ids.count, by: 500) {
            let slice = Array(ids[start..<min(start + 500, ids.count)])
            loaded += index.importVectors(try await store.chunkVectors(ids: slice))
        }
        return loaded
    }

    /// Loads the stored vectors for this node's model and enqueues a `kb.embed` job for knowledge
    /// `version` when chunks lack one or obsolete vectors wait to be deleted. Nothing without a model.
    func loadVectorsAndSchedule(version: Int64) async throws {
        guard let model = index.embeddings?.chunkVectorModel else { return }
        let stamps = try await store.chunkVectorStamps()
        try await loadVectors(stamps: stamps, model: model)
        guard let jobs else { return }
        let pending = !index.chunksLackingVectors(in: stamps, model: model).isEmpty
        guard pending || !index.obsoleteVectorStamps(in: stamps, model: model).isEmpty else { return }
        let now = Date()
        _ = try await jobs.enqueue(try EmbeddingJob(model: model, version: version).newJob(at: now), at: now)
    }
}
