import Foundation

/// One passage candidate before the cut: how it ranks and each signal's evidence for its 0–1 score.
struct RetrievalCandidate {
    var key: String
    var rankKey: Double
    /// Raw BM25 as ranked (with expansion terms); nil when BM25 did not return it.
    var lexical: Double?
    /// Cosine similarity to the query, clipped at 0.
    var dense: Double
    var signals: [String]
}

extension KnowledgeIndex.State {
    /// Merges the BM25 and dense candidate lists (both non-empty) as `fusion` says. `lexicalScore(key, raw)`
    /// gives a candidate's normalised 0–1 BM25 score (computing it when BM25 did not rank the candidate).
    func fusedCandidates(
        lexical: [(key: String, score: Double)], dense: [(key: String, score: Double)], queryVector: [Float],
        fusion: HybridFusion, rank: ReciprocalRankFusion, lexicalScore: (String, Double?) -> Double,
        boost: (String) -> Double
    ) -> [RetrievalCandidate] {
        let lexicalScores = Dictionary(lexical.map { ($0.key, $0.score) }, uniquingKeysWith: max)
        let denseScores = Dictionary(dense.map { ($0.key, $0.score) }, uniquingKeysWith: max)
        func cosine(_ key: String) -> Double {
            max(0, denseScores[key] ?? vectors?.similarity(queryVector, key: key) ?? 0)
        }
        let fused = rank.fuse([
            (signal: "bm25", keys: lexical.map(\.key)), (signal: "dense", keys: dense.map(\.key)),
        ])
        return fused.map { entry in
            let similarity = cosine(entry.key)
            let rankKey: Double
            switch fusion {
            case .reciprocalRank:
                rankKey = entry.score
            case .convex(let weight):
                rankKey = weight * similarity + (1 - weight) * lexicalScore(entry.key, lexicalScores[entry.key])
            }
            return RetrievalCandidate(
                key: entry.key, rankKey: rankKey * boost(entry.key), lexical: lexicalScores[entry.key],
                dense: similarity, signals: entry.signals)
        }
    }
}
