/// What a `min_score` threshold buys: for each threshold, the share of queries whose top passage scores at least
/// that much (they would be answered) and how often that top passage is a right one. Measured on a labeled
/// collection (`ticketflow kb eval --calibration`), it is how the 0–1 score and the gate are set.
public struct ScoreCalibration: Sendable, Equatable, Codable {
    /// One threshold's outcome.
    public struct Point: Sendable, Equatable, Codable {
        /// The `min_score` tried.
        public var threshold: Double
        /// Share of all queries whose top passage scores at least `threshold`.
        public var answered: Double
        /// Share of those whose top passage belongs to a relevant document (1 when none is answered).
        public var precision: Double
    }

    /// Thresholds in increasing order.
    public var points: [Point]

    /// 0.30, 0.35, … 0.95.
    public static let defaultThresholds = stride(from: 0.30, through: 0.951, by: 0.05).map { $0 }

    /// The curve over each query's top passage: its score and whether it is relevant.
    public static func curve(
        tops: [(score: Double, relevant: Bool)], thresholds: [Double] = defaultThresholds
    ) -> ScoreCalibration {
        let total = Double(max(1, tops.count))
        return ScoreCalibration(
            points: thresholds.map { threshold in
                let kept = tops.filter { $0.score >= threshold }
                let right = kept.filter(\.relevant).count
                return Point(
                    threshold: threshold, answered: Double(kept.count) / total,
                    precision: kept.isEmpty ? 1 : Double(right) / Double(kept.count))
            })
    }
}
