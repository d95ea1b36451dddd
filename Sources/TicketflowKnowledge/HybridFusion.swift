/// How hybrid retrieval merges BM25 and dense candidates.
public enum HybridFusion: Sendable, Equatable {
    /// Weighted reciprocal rank fusion (`KnowledgeIndexConfiguration.fusion`): ranks only, so it needs no
    /// calibration, but a confident dense match and a BM25 hit on one common word count alike.
    case reciprocalRank
    /// A convex combination of the two 0–1 scores, `denseWeight × cosine + (1 − denseWeight) × BM25 / reference`
    /// (BM25 normalised by the query's reference score). Uses how sure each signal is, which rank fusion throws
    /// away; Bruch et al. (2022, "An Analysis of Fusion Functions for Hybrid Retrieval") found it ahead of RRF
    /// when both scores are normalised.
    case convex(denseWeight: Double)

    /// The dense share of convex fusion with a sentence encoder: 0.85 and 0.9 tied best of 0.5–0.95 on the
    /// StackFAQ dev split with all-MiniLM-L6-v2; 0.85 keeps more of BM25 for exact terms (docs/retrieval.md).
    public static let encoderDenseWeight = 0.85
    /// The dense share with static token vectors (`model distill-encoder`), which rank passages less well than
    /// the transformer: on the StackFAQ dev split MRR@10 0.901 at 0.65 (0.6–0.7 within 0.002), 0.879 at 0.85.
    public static let staticDenseWeight = 0.65
}
