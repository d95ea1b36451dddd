/// Which signals rank passages. Hybrid (the default) uses BM25 and, once chunks have vectors, the dense signal,
/// fused by rank; the other two exist to measure each signal alone (`ticketflow kb eval --retrieval`).
public enum RetrievalMode: String, Sendable, CaseIterable {
    /// BM25 only, even when vectors exist.
    case lexical
    /// Cosine similarity to the query vector only (nothing without vectors).
    case dense
    /// Both, fused by reciprocal rank.
    case hybrid
}
