import Foundation

/// A trained model's header rendered for people: what `model train` prints.
public struct TrainingSummary: Sendable {
    /// The model described.
    public let header: ModelHeader

    public init(model: ClassifierModel) {
        self.header = model.header
    }

    /// Plain-text rendering.
    public var formatted: String {
        let m = header.metrics
        return [
            "model \(header.version): \(header.labels.count) labels, \(header.trainingRows) rows, \(m.featureColumns) feature columns",
            String(format: "training_s=%.3f epochs=%d", m.trainingSeconds, m.epochs),
            String(
                format: "calibration on %@ (%d rows): accuracy=%.2f%% temperature=%.4f ece_before=%.4f ece_after=%.4f",
                m.calibrationSource, m.calibrationRows, m.calibrationAccuracy * 100, header.temperature,
                m.eceBefore, m.eceAfter),
            String(
                format: "unknown threshold %.3f (%@): %@", header.unknownThreshold.value,
                header.unknownThreshold.rule, header.unknownThreshold.explanation),
        ].joined(separator: "\n")
    }
}
