import Foundation
import Synchronization
import TicketflowCore

/// The live, searchable knowledge base: chunks of every article, their BM25
/// index and (when an embeddings provider is configured) their vectors.
/// Articles can be upserted and removed while queries run; one mutex guards
/// the state because each query is sub-millisecond. Shared across tasks.
public final class KnowledgeIndex: Sendable {
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
    public var embeddings: (any EmbeddingsProvider)? { state.withLock { $0.provider } }
    /// Chunks, BM25 postings and vectors, changed and read under one lock.
    let state: Mutex<State>

    /// Creates an empty index.
    public init(
        configuration: KnowledgeIndexConfiguration = KnowledgeIndexConfiguration(),
        embeddings: (any EmbeddingsProvider)? = nil
    ) {
        self.configuration = configuration
        self.state = Mutex(
            State(
                provider: embeddings, bm25: BM25Index(parameters: configuration.bm25),
                vectors: embeddings.map { VectorIndex(dimension: $0.dimension) }))
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
        return state.withLock { state in
            var summary = UpsertSummary(articlesIndexed: 0, articlesUnchanged: 0, chunksIndexed: 0)
            for (article, hash, pieces) in prepared {
                if state.articleHashes[article.id] == hash {
                    summary.articlesUnchanged += 1
                    continue
                }
                state.remove(articleID: article.id, keepVectors: true)
                var ids: [String] = []
                for (chunk, fields) in pieces {
                    state.chunks[chunk.id] = chunk
                    state.bm25.upsert(key: chunk.id, fields: fields)
                    ids.append(chunk.id)
                    if state.vectorHashes[chunk.id] != nil, state.vectorHashes[chunk.id] != chunk.contentHash {
                        state.vectors?.remove(key: chunk.id)
                        state.vectorHashes[chunk.id] = nil
                    }
                }
                state.chunkIDsByArticle[article.id] = ids
                state.articleHashes[article.id] = hash
                summary.articlesIndexed += 1
                summary.chunksIndexed += ids.count
            }
            return summary
        }
    }

    /// Removes articles and their chunks and vectors.
    public func remove(articleIDs: [String]) {
        state.withLock { state in
            for id in articleIDs { state.remove(articleID: id, keepVectors: false) }
        }
    }

    /// Current sizes.
    public var statistics: Statistics {
        state.withLock { state in
            Statistics(
                articles: state.chunkIDsByArticle.count, chunks: state.chunks.count,
                vectors: state.vectors?.count ?? 0, vocabulary: state.bm25.vocabularySize)
        }
    }

    /// All chunks of one article, in order.
    public func chunks(ofArticle id: String) -> [KnowledgeChunk] {
        state.withLock { state in (state.chunkIDsByArticle[id] ?? []).compactMap { state.chunks[$0] } }
    }

    /// Changes BM25 k1/b for later queries (no re-indexing needed).
    public func setBM25(k1: Double, b: Double) {
        state.withLock { state in
            var parameters = state.bm25.parameters
            parameters.k1 = k1
            parameters.b = b
            state.bm25.setParameters(parameters)
        }
    }
}
