/// Everything that shapes indexing and ranking, passed in by the composition root.
public struct KnowledgeIndexConfiguration: Sendable {
    /// k1, b and field weights.
    public var bm25: BM25Parameters
    /// Stop words and stemming, shared by documents and queries.
    public var tokenizer: Tokenizer
    /// Chunk size cap and overlap.
    public var chunker: Chunker
    /// Weights of the "bm25" and "dense" signals when both exist.
    public var fusion: ReciprocalRankFusion
    /// Ranking multiplier for chunks in the ticket's category: 0.15 means +15 %.
    public var categoryBoost: Double
    /// Candidates each signal contributes before fusion and cut-off.
    public var candidatePool: Int

    /// Creates a configuration; the defaults were tuned on the StackFAQ dev split (docs/retrieval.md).
    public init(
        bm25: BM25Parameters = BM25Parameters(), tokenizer: Tokenizer = Tokenizer(), chunker: Chunker = Chunker(),
        fusion: ReciprocalRankFusion = ReciprocalRankFusion(), categoryBoost: Double = 0.15, candidatePool: Int = 50
    ) {
        self.bm25 = bm25
        self.tokenizer = tokenizer
        self.chunker = chunker
        self.fusion = fusion
        self.categoryBoost = categoryBoost
        self.candidatePool = candidatePool
    }
}
