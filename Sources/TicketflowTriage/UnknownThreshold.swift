import Foundation

/// The confidence under which a prediction becomes `unknown`, with the rule
/// that chose it, chosen on validation (or held-back) data and never on test data.
///
/// Two rules, picked by what the validation data holds:
/// - `balanced`: validation rows whose label the model was not trained on are
///   out-of-scope examples; the threshold maximises the mean of in-scope
///   accuracy (a rejected in-scope row counts as wrong) and out-of-scope recall.
/// - `coverage`: with no out-of-scope rows, the threshold is the highest one
///   that still accepts `targetCoverage` (95%) of in-scope validation rows,
///   so confident predictions go through and only the least sure 5% are held.
public struct UnknownThreshold: Codable, Sendable, Equatable {
    /// Confidence below which the outcome is `unknown`.
    public var value: Double
    /// `balanced` or `coverage`.
    public var rule: String
    /// The rule in words, printed by `model eval` and stored in the model header.
    public var explanation: String

    public init(value: Double, rule: String, explanation: String) {
        self.value = value
        self.rule = rule
        self.explanation = explanation
    }

    /// Share of in-scope rows the coverage rule keeps.
    public static let targetCoverage = 0.95
    /// The coverage rule never exceeds this, so a small, unsure fold cannot reject almost everything.
    public static let ceiling = 0.9

    /// Chooses the threshold. `inScope` holds (confidence, correct) of rows with a
    /// known label; `outOfScope` the confidences of rows with an unknown label.
    public static func choose(inScope: [(confidence: Double, correct: Bool)], outOfScope: [Double]) -> UnknownThreshold
    {
        if !outOfScope.isEmpty && !inScope.isEmpty {
            let candidates = Set(inScope.map(\.confidence) + outOfScope).sorted()
            var best = (value: 0.0, score: -1.0, accuracy: 0.0, recall: 0.0)
            for candidate in [0.0] + candidates.map({ $0 + 1e-9 }) where candidate < 1 {
                let accuracy =
                    Double(inScope.filter { $0.correct && $0.confidence >= candidate }.count) / Double(inScope.count)
                let recall = Double(outOfScope.filter { $0 < candidate }.count) / Double(outOfScope.count)
                let score = (accuracy + recall) / 2
                if score > best.score { best = (candidate, score, accuracy, recall) }
            }
            return UnknownThreshold(
                value: best.value, rule: "balanced",
                explanation: String(
                    format:
                        "maximises (in-scope accuracy + out-of-scope recall) / 2 on %d in-scope and %d out-of-scope validation rows: %.1f%% accuracy, %.1f%% recall",
                    inScope.count, outOfScope.count, best.accuracy * 100, best.recall * 100)
            )
        }
        guard !inScope.isEmpty else {
            return UnknownThreshold(value: 0, rule: "none", explanation: "no validation rows; nothing is rejected")
        }
        let sorted = inScope.map(\.confidence).sorted()
        let rejectCount = Int((Double(sorted.count) * (1 - targetCoverage)).rounded(.down))
        let value = min(ceiling, rejectCount == 0 ? 0 : sorted[rejectCount])
        return UnknownThreshold(
            value: value, rule: "coverage",
            explanation: String(
                format:
                    "highest confidence that keeps %.0f%% of %d in-scope validation rows (no out-of-scope rows to balance against), capped at %.2f",
                targetCoverage * 100, inScope.count, ceiling)
        )
    }
}
