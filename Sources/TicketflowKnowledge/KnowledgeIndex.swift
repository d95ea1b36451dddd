import Foundation
import TicketflowCore

/// The live, searchable knowledge base: chunks of every article, their BM25
/// index and (when an embeddings provider is configured) their vectors.
/// Articles can be upserted and removed while queries run; one lock guards
/// the state because each query is sub-millisecond. Shared across tasks.
public final class KnowledgeIndex: @unchecked Sendable {
    /// What an upsert changed.
    public struct UpsertSummary: Sendable, Equatable {
        /// Articles that were new or changed and were (re)chunked.
        public var articlesIndexed: Int
        /// Articles skipped because their content hash was already indexed.
        public var articlesUnchanged: Int
        /// Chunks written for the indexed articles.
        public var chunksIndexed: Int
    }

    /// Sizes, for health and metrics.
    public struct Statistics: Sendable, Equatable {
        /// Articles indexed.
        public var articles: Int
        /// Chunks indexed.
        public var chunks: Int
        /// Chunks with a current embedding.
        public var vectors: Int
        /// Distinct (field, term) pairs in the BM25 index.
        public var vocabulary: Int
    }

    /// BM25, tokenizer, chunker, fusion and boost settings.
    public let configuration: KnowledgeIndexConfiguration
    /// Where query and chunk vectors come from; nil means lexical only
    /// (until `enableEmbeddings` switches the index to hybrid).
    public var embeddings: (any EmbeddingsProvider)? { withLock { provider } }
    let lock = NSLock()
    var provider: (any EmbeddingsProvider)?
    var chunks: [String: KnowledgeChunk] = [:]
    var chunkIDsByArticle: [String: [String]] = [:]
    var articleHashes: [String: String] = [:]
    var bm25: BM25Index
    var vectors: VectorIndex?
    /// Content hash each stored vector was computed from.
    var vectorHashes: [String: String] = [:]

    /// Creates an empty index.
    public init(configuration: KnowledgeIndexConfiguration = KnowledgeIndexConfiguration(),
                embeddings: (any EmbeddingsProvider)? = nil) {
        self.configuration = configuration
        self.provider = embeddings
        self.bm25 = BM25Index(parameters: configuration.bm25)
        if let embeddings { vectors = VectorIndex(dimension: embeddings.dimension) }
    }

    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    /// Adds new articles and re-chunks changed ones (by content hash); unchanged ones are skipped.
    @discardableResult
    public func upsert(articles: [Article]) -> UpsertSummary {
        // Chunking and tokenising happen outside the lock so queries keep flowing.
        let tokenizer = configuration.tokenizer
        let prepared = articles.map { article -> (Article, String, [(KnowledgeChunk, [[String]])]) in
            let hash = article.computedContentHash()
            let pieces = configuration.chunker.chunks(of: article).map { chunk in
                (chunk, [tokenizer.terms(chunk.headingText), tokenizer.terms(chunk.text)])
            }
            return (article, hash, pieces)
        }
        return withLock {
            var summary = UpsertSummary(articlesIndexed: 0, articlesUnchanged: 0, chunksIndexed: 0)
            for (article, hash, pieces) in prepared {
                if articleHashes[article.id] == hash {
                    summary.articlesUnchanged += 1
                    continue
                }
                removeLocked(articleID: article.id, keepVectors: true)
                var ids: [String] = []
                for (chunk, fields) in pieces {
                    chunks[chunk.id] = chunk
                    bm25.upsert(key: chunk.id, fields: fields)
                    ids.append(chunk.id)
                    if vectorHashes[chunk.id] != nil, vectorHashes[chunk.id] != chunk.contentHash {
                        vectors?.remove(key: chunk.id)
                        vectorHashes[chunk.id] = nil
                    }
                }
                chunkIDsByArticle[article.id] = ids
                articleHashes[article.id] = hash
                summary.articlesIndexed += 1
                summary.chunksIndexed += ids.count
            }
            return summary
        }
    }

    /// Removes articles and their chunks and vectors.
    public func remove(articleIDs: [String]) {
        withLock {
            for id in articleIDs { removeLocked(articleID: id, keepVectors: false) }
        }
    }

    private func removeLocked(articleID: String, keepVectors: Bool) {
        guard let ids = chunkIDsByArticle.removeValue(forKey: articleID) else { return }
        for id in ids {
            chunks[id] = nil
            bm25.remove(key: id)
            // On an update, vectors of chunks whose text did not change are reused.
            if !keepVectors {
                vectors?.remove(key: id)
                vectorHashes[id] = nil
            }
        }
        articleHashes[articleID] = nil
    }

    /// Current sizes.
    public var statistics: Statistics {
        withLock {
            Statistics(articles: chunkIDsByArticle.count, chunks: chunks.count, vectors: vectors?.count ?? 0,
                       vocabulary: bm25.vocabularySize)
        }
    }

    /// All chunks of one article, in order.
    public func chunks(ofArticle id: String) -> [KnowledgeChunk] {
        withLock { (chunkIDsByArticle[id] ?? []).compactMap { chunks[$0] } }
    }

    /// Changes BM25 k1/b for later queries (no re-indexing needed).
    public func setBM25(k1: Double, b: Double) {
        withLock {
            var parameters = bm25.parameters
            parameters.k1 = k1
            parameters.b = b
            bm25.setParameters(parameters)
        }
    }
}
