/// Weighted reciprocal rank fusion: merges ranked lists from different
/// signals (BM25, dense) by rank, not score, because their scores live on
/// different scales. An item's fused score is Σ weight / (k + rank).
public struct ReciprocalRankFusion: Sendable, Equatable {
    /// The rank offset; 60 is the value from Cormack et al. (2009).
    public var k: Double
    /// Weight per signal name; missing signals weigh 1.
    public var weights: [String: Double]

    /// Creates a fusion with rank offset `k` and per-signal weights.
    public init(k: Double = 60, weights: [String: Double] = [:]) {
        self.k = k
        self.weights = weights
    }

    /// One fused entry: the key, its fused score, and which signals ranked it.
    public struct Fused: Sendable, Equatable {
        /// The fused item (a chunk id).
        public var key: String
        /// Σ weight / (k + rank) over the signals that ranked it.
        public var score: Double
        /// Signals that ranked it, in input order.
        public var signals: [String]
    }

    /// Fuses ranked key lists (best first) named by signal; best first, ties by first appearance.
    public func fuse(_ rankings: [(signal: String, keys: [String])]) -> [Fused] {
        var scores: [String: Double] = [:]
        var signals: [String: [String]] = [:]
        var order: [String] = []
        for ranking in rankings {
            let weight = weights[ranking.signal] ?? 1
            for (rank, key) in ranking.keys.enumerated() {
                if scores[key] == nil { order.append(key) }
                scores[key, default: 0] += weight / (k + Double(rank + 1))
                if signals[key]?.contains(ranking.signal) != true { signals[key, default: []].append(ranking.signal) }
            }
        }
        let position = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
        return order.map { Fused(key: $0, score: scores[$0]!, signals: signals[$0] ?? []) }
            .sorted { $0.score != $1.score ? $0.score > $1.score : position[$0.key]! < position[$1.key]! }
    }
}
