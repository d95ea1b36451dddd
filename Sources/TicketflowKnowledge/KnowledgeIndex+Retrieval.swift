import Foundation
import Synchronization
import TicketflowCore

extension KnowledgeIndex {
    /// Retrieves passages for a query, embedding it first when a provider is
    /// configured. If embedding fails the result is lexical only: retrieval
    /// degrades, it never fails a ticket.
    public func retrieve(
        query: String, topK: Int = 3, minScore: Double = 0.75, filters: RetrievalFilters = RetrievalFilters(),
        boostCategory: String? = nil
    ) async -> [RetrievedPassage] {
        let request = RetrievalRequest(
            query: query, topK: topK, minScore: minScore, filters: filters, boostCategory: boostCategory)
        return await retrieve(request)
    }

    /// Retrieves passages for a full request (see `retrieve(query:...)`).
    public func retrieve(_ request: RetrievalRequest) async -> [RetrievedPassage] {
        await retrieveExplained(request).passages
    }

    /// Retrieves passages and says how the query was rewritten, for the decision trace. `computed` is the
    /// query's vector made earlier in the run; it is used when it is of this query by this index's encoder.
    public func retrieveExplained(
        _ request: RetrievalRequest, computed: SentenceVector? = nil
    ) async -> RetrievalOutcome {
        var queryVector: [Float]?
        if let embeddings, configuration.mode != .lexical, hasEveryVector {
            if let computed, computed.text == request.query, computed.model == embeddings.model {
                queryVector = computed.values
            } else {
                queryVector = try? await embeddings.embed([request.query]).first
            }
        }
        return searchExplained(request, queryVector: queryVector)
    }

    /// Synchronous retrieval with an already-computed query vector (nil: lexical only).
    ///
    /// BM25 scores are normalised by the query's reference score (see
    /// `BM25Index.referenceScore`), cosine similarities are clipped to 0–1, and
    /// a passage's score is the larger of its two; the ranking uses raw BM25
    /// (or weighted reciprocal-rank fusion when both signals exist) times the
    /// category boost.
    public func search(_ request: RetrievalRequest, queryVector: [Float]? = nil) -> [RetrievedPassage] {
        searchExplained(request, queryVector: queryVector).passages
    }

    /// `search`, also returning the spelling corrections it made.
    public func searchExplained(_ request: RetrievalRequest, queryVector: [Float]? = nil) -> RetrievalOutcome {
        let typed = configuration.tokenizer.terms(request.query)
        return state.withLock { state in
            let (terms, corrections) = state.correctingSpelling(typed, tolerance: configuration.spelling)
            let pool = max(configuration.candidatePool, request.topK * (request.onePerArticle ? 10 : 3))
            let allow: ((String) -> Bool)? =
                request.filters.isEmpty
                ? nil
                : { [chunks = state.chunks] key in
                    chunks[key].map(request.filters.allows) ?? false
                }
            var lexical =
                terms.isEmpty || configuration.mode == .dense
                ? [] : state.bm25.search(terms: terms, limit: pool, allow: allow, termWeights: corrections)
            // Expansion terms reorder the candidates but do not count towards
            // the 0–1 score, which measures coverage of the query as asked.
            var queryOnlyScores: [String: Double]?
            if let expansion = configuration.expansion, !lexical.isEmpty {
                let weights = state.expansionWeights(terms: terms, firstPass: lexical, settings: expansion)
                if !weights.isEmpty {
                    queryOnlyScores = Dictionary(lexical.map { ($0.key, $0.score) }, uniquingKeysWith: max)
                    let merged = weights.merging(corrections ?? [:]) { expanded, _ in expanded }
                    lexical = state.bm25.search(
                        terms: terms + weights.keys.sorted(), limit: pool, allow: allow, termWeights: merged)
                }
            }
            // The query's own BM25 score of a passage, for its 0–1 score: the
            // ranked score unless expansion added to it or BM25 did not rank the
            // passage (dense only). Computed only for the passages returned.
            func queryScore(_ key: String, ranked: Double?) -> Double {
                if let ranked, queryOnlyScores == nil { return ranked }
                if let firstPass = queryOnlyScores?[key] { return firstPass }
                return terms.isEmpty ? 0 : state.bm25.score(terms: terms, key: key, termWeights: corrections)
            }
            let reference = state.bm25.referenceScore(terms: terms)
            var dense: [(key: String, score: Double)] = []
            if let queryVector, configuration.mode != .lexical, let vectors = state.vectors, vectors.count > 0 {
                dense = vectors.search(queryVector, limit: pool, allow: allow)
            }

            let boostFactor = 1 + configuration.categoryBoost
            func boost(_ key: String) -> Double {
                guard let category = request.boostCategory, let chunk = state.chunks[key],
                    chunk.category?.caseInsensitiveCompare(category) == .orderedSame
                else { return 1 }
                return boostFactor
            }
            func normalisedLexical(_ raw: Double) -> Double {
                reference > 0 ? min(1, raw / reference) : 0
            }

            var candidates: [RetrievalCandidate]
            if dense.isEmpty {
                candidates = lexical.map {
                    RetrievalCandidate(
                        key: $0.key, rankKey: $0.score * boost($0.key), lexical: $0.score, dense: 0, signals: ["bm25"])
                }
            } else if lexical.isEmpty {
                candidates = dense.map {
                    RetrievalCandidate(
                        key: $0.key, rankKey: $0.score * boost($0.key), lexical: nil,
                        dense: max(0, $0.score), signals: ["dense"])
                }
            } else {
                candidates = state.fusedCandidates(
                    lexical: lexical, dense: dense, queryVector: queryVector!, fusion: configuration.hybridFusion,
                    rank: configuration.fusion, lexicalScore: { normalisedLexical(queryScore($0, ranked: $1)) },
                    boost: boost)
            }
            candidates.sort { $0.rankKey != $1.rankKey ? $0.rankKey > $1.rankKey : $0.key < $1.key }

            var passages: [RetrievedPassage] = []
            var seenArticles = Set<String>()
            for candidate in candidates {
                guard passages.count < request.topK, let chunk = state.chunks[candidate.key] else { break }
                let score = max(
                    normalisedLexical(queryScore(candidate.key, ranked: candidate.lexical)), candidate.dense)
                guard score >= request.minScore else { continue }
                if request.onePerArticle, !seenArticles.insert(chunk.articleID).inserted { continue }
                passages.append(
                    RetrievedPassage(
                        articleID: chunk.articleID, chunkID: chunk.id, title: chunk.title,
                        headingPath: chunk.headingPath,
                        text: chunk.text, category: chunk.category, score: score, signals: candidate.signals,
                        similarity: dense.isEmpty ? nil : candidate.dense))
            }
            let spelling = corrections == nil ? [] : SpellingCorrection.list(typed: typed, searched: terms)
            return RetrievalOutcome(passages: passages, spellingCorrections: spelling)
        }
    }
}
