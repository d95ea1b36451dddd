import Foundation

/// How a model did on labeled test data: the figures `model eval` prints.
public struct EvaluationReport: Codable, Sendable {
    /// Precision, recall and F1 of one class.
    public struct ClassFigures: Codable, Sendable {
        /// The class.
        public var label: String
        /// Share of predictions of this class that were right.
        public var precision: Double
        /// Share of this class's rows predicted as it.
        public var recall: Double
        /// Harmonic mean of precision and recall.
        public var f1: Double
        /// Rows of this class in the data.
        public var support: Int
    }

    /// A (true, predicted) pair and how often it happened.
    public struct Confusion: Codable, Sendable {
        /// The true label.
        public var actual: String
        /// What the model said instead.
        public var predicted: String
        /// How many rows.
        public var count: Int
    }

    /// Rows evaluated (rows whose label the model knows).
    public var rows: Int
    /// Rows whose label the model was not trained on (out-of-scope).
    public var outOfScopeRows: Int
    /// Top-1 accuracy on in-scope rows, ignoring the unknown threshold.
    public var accuracy: Double
    /// Unweighted mean F1 over classes.
    public var macroF1: Double
    /// Per-class figures, by label.
    public var classes: [ClassFigures]
    /// The most frequent confusions, worst first.
    public var confusedPairs: [Confusion]
    /// Expected calibration error of the calibrated top-1 confidence.
    public var expectedCalibrationError: Double
    /// Share of in-scope rows the threshold turned into `unknown`.
    public var unknownRate: Double
    /// Accuracy over in-scope rows that were not turned into `unknown`.
    public var acceptedAccuracy: Double
    /// Accuracy over every in-scope row, one turned into `unknown` counting as wrong: the in-scope half of
    /// the balanced rule, beside `outOfScopeRecall`.
    public var inScopeAccuracy: Double
    /// Share of out-of-scope rows correctly turned into `unknown` (nil without such rows).
    public var outOfScopeRecall: Double?
    /// The threshold and its rule, from the model header.
    public var threshold: UnknownThreshold
    /// Texts per second, one at a time on one thread.
    public var singleTextsPerSecond: Double
    /// Texts per second for the whole set, all cores.
    public var batchTextsPerSecond: Double

    /// Scores a model on labeled rows and times it. A model with encoder features gets its sentence
    /// vectors from `embed` (the encoder it names), timed with it: one text at a time, then all at once.
    public static func evaluate(
        model: ClassifierModel, rows: [LabeledText], embed: (([String]) -> [[Float]])? = nil
    ) -> EvaluationReport {
        let (single, singleSeconds, batchSeconds) = timedPredictions(
            rows.map(\.text), embed: embed, single: { model.predict($0, embedding: $1) },
            batch: { texts, vectors in
                vectors.map { zip(texts, $0).map { model.predict($0, embedding: $1) } } ?? model.predictBatch(texts)
            })
        return evaluate(
            labels: model.labels, threshold: model.header.unknownThreshold, rows: rows, predictions: single,
            singleSeconds: singleSeconds, batchSeconds: batchSeconds)
    }

    /// Predicts every text one at a time (each with its own sentence vector, from `embed`, timed with it),
    /// then all at once; returns the single pass's predictions and both passes' seconds.
    static func timedPredictions(
        _ texts: [String], embed: (([String]) -> [[Float]])?, single: (String, [Float]?) -> ClassPrediction,
        batch: ([String], [[Float]]?) -> [ClassPrediction]
    ) -> (predictions: [ClassPrediction], singleSeconds: Double, batchSeconds: Double) {
        var clock = ContinuousClock.now
        let predictions = texts.map { single($0, embed?([$0]).first) }
        let singleSeconds = ClassifierTrainer.seconds(since: clock)
        clock = ContinuousClock.now
        let all = batch(texts, embed?(texts))
        let batchSeconds = ClassifierTrainer.seconds(since: clock)
        precondition(all.count == predictions.count)
        return (predictions, singleSeconds, batchSeconds)
    }

    /// Scores predictions already made for `rows` by a classifier over `labels` (any kind), timed by the caller.
    public static func evaluate(
        labels: [String], threshold: UnknownThreshold, rows: [LabeledText], predictions single: [ClassPrediction],
        singleSeconds: Double, batchSeconds: Double
    ) -> EvaluationReport {
        let known = Set(labels)
        var truePositive: [String: Int] = [:], predicted: [String: Int] = [:], support: [String: Int] = [:]
        var confusions: [String: Int] = [:]
        var correct = 0, unknown = 0, acceptedCorrect = 0, outOfScope = 0, outOfScopeCaught = 0
        var confidences: [Double] = [], hits: [Bool] = []
        for (row, prediction) in zip(rows, single) {
            guard known.contains(row.label) else {
                outOfScope += 1
                if prediction.isUnknown { outOfScopeCaught += 1 }
                continue
            }
            let hit = prediction.bestLabel == row.label
            support[row.label, default: 0] += 1
            predicted[prediction.bestLabel, default: 0] += 1
            confidences.append(prediction.confidence)
            hits.append(hit)
            if hit {
                correct += 1
                truePositive[row.label, default: 0] += 1
            } else {
                confusions["\(row.label)\u{1F}\(prediction.bestLabel)", default: 0] += 1
            }
            if prediction.isUnknown { unknown += 1 } else if hit { acceptedCorrect += 1 }
        }
        let inScope = rows.count - outOfScope
        let classes = labels.map { label -> ClassFigures in
            let tp = Double(truePositive[label] ?? 0)
            let precision = predicted[label].map { tp / Double($0) } ?? 0
            let recall = support[label].map { tp / Double($0) } ?? 0
            let f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
            return ClassFigures(
                label: label, precision: precision, recall: recall, f1: f1, support: support[label] ?? 0)
        }
        let present = classes.filter { $0.support > 0 }
        let pairs = confusions.map { key, count -> Confusion in
            let parts = key.split(separator: "\u{1F}").map(String.init)
            return Confusion(actual: parts[0], predicted: parts[1], count: count)
        }.sorted { ($0.count, $1.actual, $1.predicted) > ($1.count, $0.actual, $0.predicted) }
        return EvaluationReport(
            rows: inScope, outOfScopeRows: outOfScope,
            accuracy: inScope > 0 ? Double(correct) / Double(inScope) : 0,
            macroF1: present.isEmpty ? 0 : present.reduce(0) { $0 + $1.f1 } / Double(present.count),
            classes: classes, confusedPairs: Array(pairs.prefix(10)),
            expectedCalibrationError: CalibrationError.expected(confidences: confidences, correct: hits),
            unknownRate: inScope > 0 ? Double(unknown) / Double(inScope) : 0,
            acceptedAccuracy: inScope - unknown > 0 ? Double(acceptedCorrect) / Double(inScope - unknown) : 0,
            inScopeAccuracy: inScope > 0 ? Double(acceptedCorrect) / Double(inScope) : 0,
            outOfScopeRecall: outOfScope > 0 ? Double(outOfScopeCaught) / Double(outOfScope) : nil,
            threshold: threshold,
            singleTextsPerSecond: Double(rows.count) / max(singleSeconds, 1e-9),
            batchTextsPerSecond: Double(rows.count) / max(batchSeconds, 1e-9))
    }

    /// Plain-text rendering for the terminal.
    public var formatted: String {
        var lines: [String] = []
        lines.append(
            String(
                format: "rows=%d accuracy=%.2f%% macro_f1=%.2f%% ece=%.4f", rows, accuracy * 100, macroF1 * 100,
                expectedCalibrationError))
        lines.append(
            String(format: "unknown threshold %.3f (%@): %@", threshold.value, threshold.rule, threshold.explanation))
        var unknownLine = String(
            format: "unknown_rate=%.2f%% accepted_accuracy=%.2f%% in_scope_accuracy=%.2f%%", unknownRate * 100,
            acceptedAccuracy * 100, inScopeAccuracy * 100)
        if let outOfScopeRecall {
            unknownLine += String(
                format: " out_of_scope_rows=%d out_of_scope_recall=%.2f%%", outOfScopeRows, outOfScopeRecall * 100)
        }
        lines.append(unknownLine)
        lines.append(
            String(format: "single_texts_per_s=%.0f batch_texts_per_s=%.0f", singleTextsPerSecond, batchTextsPerSecond))
        lines.append("")
        lines.append("label                          precision  recall     f1  support")
        for figures in classes {
            lines.append(
                figures.label.padding(toLength: 30, withPad: " ", startingAt: 0)
                    + String(
                        format: " %9.3f %7.3f %6.3f %8d", figures.precision, figures.recall, figures.f1, figures.support
                    ))
        }
        if !confusedPairs.isEmpty {
            lines.append("")
            lines.append("most confused (actual -> predicted: count)")
            for pair in confusedPairs { lines.append("  \(pair.actual) -> \(pair.predicted): \(pair.count)") }
        }
        return lines.joined(separator: "\n")
    }

    enum CodingKeys: String, CodingKey {
        case rows, accuracy, classes, threshold
        case outOfScopeRows = "out_of_scope_rows"
        case macroF1 = "macro_f1"
        case confusedPairs = "confused_pairs"
        case expectedCalibrationError = "expected_calibration_error"
        case unknownRate = "unknown_rate"
        case acceptedAccuracy = "accepted_accuracy"
        case inScopeAccuracy = "in_scope_accuracy"
        case outOfScopeRecall = "out_of_scope_recall"
        case singleTextsPerSecond = "single_texts_per_second"
        case batchTextsPerSecond = "batch_texts_per_second"
    }
}
