import Foundation

extension KnowledgeIndex {
    /// Everything an upsert or a query touches, guarded as one value by the
    /// index's mutex so a query never sees half an upsert.
    struct State {
        /// Where query and chunk vectors come from; nil means lexical only.
        var provider: (any EmbeddingsProvider)?
        var chunks: [String: KnowledgeChunk] = [:]
        var chunkIDsByArticle: [String: [String]] = [:]
        var articleHashes: [String: String] = [:]
        var bm25: BM25Index
        var vectors: VectorIndex?
        /// Content hash each stored vector was computed from.
        var vectorHashes: [String: String] = [:]

        /// Drops an article's chunks; on an update, vectors of chunks whose
        /// text did not change are kept for reuse.
        mutating func remove(articleID: String, keepVectors: Bool) {
            guard let ids = chunkIDsByArticle.removeValue(forKey: articleID) else { return }
            for id in ids {
                chunks[id] = nil
                bm25.remove(key: id)
                if !keepVectors {
                    vectors?.remove(key: id)
                    vectorHashes[id] = nil
                }
            }
            articleHashes[articleID] = nil
        }
    }
}
