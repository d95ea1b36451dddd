import Foundation
import TicketflowText

/// Everything about a trained model except its weights: what it predicts, how
/// it reads text, what it was trained on and how well it did. Stored as JSON
/// at the top of a model file so `head -c 4096 model.tfm` tells a person what it is.
public struct ModelHeader: Codable, Sendable, Equatable {
    /// Model file format version this header belongs to.
    public var formatVersion: Int
    /// Free-form name (e.g. "starter-categories").
    public var name: String
    /// Class labels, in weight-column order.
    public var labels: [String]
    /// How text becomes features.
    public var featureConfig: FeatureConfig
    /// Solver settings used.
    public var solver: SVMSettings
    /// Softmax temperature from calibration.
    public var temperature: Double
    /// Confidence under which predictions are `unknown`.
    public var unknownThreshold: UnknownThreshold
    /// FNV-1a 64 of the training texts and labels, hex; tells two models' data apart.
    public var trainingDataHash: String
    /// Rows the final model was trained on.
    public var trainingRows: Int
    /// Figures measured while training.
    public var metrics: TrainingMetrics
    /// When it was trained, ISO 8601.
    public var createdAt: String
    /// Column the texts came from, so `model eval` can default to it.
    public var textColumn: String?
    /// Column the labels came from.
    public var labelColumn: String?
    /// The sentence encoder whose vectors are a second block of features; nil for n-grams only.
    public var encoder: EncoderFeatures?
    /// The sentiment lexicon whose scores are a last block of features; nil when the model reads none.
    public var polarity: PolarityFeatures?

    public init(
        formatVersion: Int, name: String, labels: [String], featureConfig: FeatureConfig, solver: SVMSettings,
        temperature: Double, unknownThreshold: UnknownThreshold, trainingDataHash: String, trainingRows: Int,
        metrics: TrainingMetrics, createdAt: String
    ) {
        self.formatVersion = formatVersion
        self.name = name
        self.labels = labels
        self.featureConfig = featureConfig
        self.solver = solver
        self.temperature = temperature
        self.unknownThreshold = unknownThreshold
        self.trainingDataHash = trainingDataHash
        self.trainingRows = trainingRows
        self.metrics = metrics
        self.createdAt = createdAt
    }

    /// Short identity for traces: name, data hash prefix and format.
    public var version: String { "\(name)@\(trainingDataHash.prefix(8))/v\(formatVersion)" }

    enum CodingKeys: String, CodingKey {
        case name, labels, solver, temperature, metrics
        case formatVersion = "format_version"
        case featureConfig = "feature_config"
        case unknownThreshold = "unknown_threshold"
        case trainingDataHash = "training_data_hash"
        case trainingRows = "training_rows"
        case createdAt = "created_at"
        case textColumn = "text_column"
        case labelColumn = "label_column"
        case encoder, polarity
    }
}

/// Figures measured during training on the calibration rows.
public struct TrainingMetrics: Codable, Sendable, Equatable {
    /// Where calibration rows came from: "validation file" or "held-back 15%".
    public var calibrationSource: String
    /// Number of calibration rows.
    public var calibrationRows: Int
    /// Accuracy on calibration rows (of a model that had not seen them).
    public var calibrationAccuracy: Double
    /// ECE at temperature 1, before fitting.
    public var eceBefore: Double
    /// ECE at the fitted temperature.
    public var eceAfter: Double
    /// Wall-clock training seconds, features to final weights.
    public var trainingSeconds: Double
    /// Solver passes over the data, summed over classes and fits.
    public var epochs: Int
    /// Feature columns kept.
    public var featureColumns: Int

    public init(
        calibrationSource: String, calibrationRows: Int, calibrationAccuracy: Double, eceBefore: Double,
        eceAfter: Double, trainingSeconds: Double, epochs: Int, featureColumns: Int
    ) {
        self.calibrationSource = calibrationSource
        self.calibrationRows = calibrationRows
        self.calibrationAccuracy = calibrationAccuracy
        self.eceBefore = eceBefore
        self.eceAfter = eceAfter
        self.trainingSeconds = trainingSeconds
        self.epochs = epochs
        self.featureColumns = featureColumns
    }

    enum CodingKeys: String, CodingKey {
        case epochs
        case calibrationSource = "calibration_source"
        case calibrationRows = "calibration_rows"
        case calibrationAccuracy = "calibration_accuracy"
        case eceBefore = "ece_before"
        case eceAfter = "ece_after"
        case trainingSeconds = "training_seconds"
        case featureColumns = "feature_columns"
    }
}

/// The sentence-vector block of a model trained with encoder features: one linear model over the
/// hashed n-grams and the text's sentence vector (times `scale`), side by side.
public struct EncoderFeatures: Codable, Sendable, Equatable {
    /// The encoder's identity; predictions need this very encoder.
    public var model: String
    public var dimension: Int
    /// Weight of the sentence vector against the n-gram vector (both have norm 1).
    public var scale: Double

    public init(model: String, dimension: Int, scale: Double) {
        self.model = model
        self.dimension = dimension
        self.scale = scale
    }
}

/// The lexicon block of a model trained with polarity features: VADER's compound score split into
/// its positive and negative parts, and its positive and negative shares, each times `scale`.
public struct PolarityFeatures: Codable, Sendable, Equatable {
    /// The lexicon's identity (`PolarityLexicon.vaderIdentity`).
    public var lexicon: String
    /// Weight of the lexicon block against the n-gram vector (norm 1).
    public var scale: Double

    /// Columns in the block.
    public static let dimension = 4

    public init(lexicon: String = PolarityLexicon.vaderIdentity, scale: Double) {
        self.lexicon = lexicon
        self.scale = scale
    }

    /// The block's values for a text.
    public func values(for text: NormalizedText) -> [Float] {
        values(for: PolarityLexicon.vader.scores(of: text))
    }

    /// The block's values for a text's lexicon scores.
    public func values(for scores: PolarityScores) -> [Float] {
        [max(scores.compound, 0), max(-scores.compound, 0), scores.positive, scores.negative].map {
            Float($0 * scale)
        }
    }
}
