import Foundation
import TicketflowText

/// One label with its calibrated probability.
public struct LabelProbability: Codable, Sendable, Equatable {
    /// The class label.
    public var label: String
    /// Calibrated probability in 0...1.
    public var probability: Double

    public init(label: String, probability: Double) {
        self.label = label
        self.probability = probability
    }
}

/// What the classifier says about one text.
public struct ClassPrediction: Codable, Sendable, Equatable {
    /// The outcome label used downstream: the best class, or `unknown`.
    public var label: String
    /// The best class even when the outcome is `unknown` (for review screens).
    public var bestLabel: String
    /// Calibrated probability of the best class.
    public var confidence: Double
    /// True when confidence fell under the model's threshold.
    public var isUnknown: Bool
    /// Best classes first, with probabilities.
    public var top: [LabelProbability]

    public init(label: String, bestLabel: String, confidence: Double, isUnknown: Bool, top: [LabelProbability]) {
        self.label = label
        self.bestLabel = bestLabel
        self.confidence = confidence
        self.isUnknown = isUnknown
        self.top = top
    }

    enum CodingKeys: String, CodingKey {
        case label, confidence, top
        case bestLabel = "best_label"
        case isUnknown = "is_unknown"
    }
}

extension ClassPrediction {
    /// The prediction from calibrated probabilities over `labels`: the most probable label, or
    /// `unknown` when its probability is under `unknownThreshold`, with the `topK` most probable.
    public init(probabilities: [Double], labels: [String], unknownThreshold: Double, topK: Int) {
        var best = 0
        for i in probabilities.indices where probabilities[i] > probabilities[best] { best = i }
        let order = probabilities.indices.sorted { probabilities[$0] > probabilities[$1] }
        let top = order.prefix(max(1, topK)).map { LabelProbability(label: labels[$0], probability: probabilities[$0]) }
        let confidence = probabilities.isEmpty ? 0 : probabilities[best]
        let isUnknown = confidence < unknownThreshold
        let bestLabel = labels.isEmpty ? ClassifierModel.unknownLabel : labels[best]
        self.init(
            label: isUnknown ? ClassifierModel.unknownLabel : bestLabel, bestLabel: bestLabel, confidence: confidence,
            isUnknown: isUnknown, top: top)
    }
}

/// A trained, calibrated text classifier: features, weights, temperature and
/// unknown threshold. A value type: share it freely across tasks.
public struct ClassifierModel: Sendable {
    /// The label given to texts under the confidence threshold.
    public static let unknownLabel = "unknown"

    /// Labels, config, provenance and metrics.
    public var header: ModelHeader
    /// Columns and IDF.
    public let space: FeatureSpace
    /// Learned weights.
    public let weights: LinearWeights

    public init(header: ModelHeader, space: FeatureSpace, weights: LinearWeights) {
        self.header = header
        self.space = space
        self.weights = weights
    }

    /// Class labels.
    public var labels: [String] { header.labels }

    /// Raw decision values for a text.
    public func scores(for text: String) -> [Float] {
        weights.scores(vector(for: space.normalize(text), embedding: nil))
    }

    /// Calibrated probabilities for a text, in label order.
    public func probabilities(for text: String) -> [Double] {
        TemperatureCalibrator(temperature: header.temperature).probabilities(scores(for: text))
    }

    /// Classifies a text; `topK` limits the probability list.
    public func predict(_ text: String, topK: Int = 3) -> ClassPrediction {
        prediction(fromScores: scores(for: text), topK: topK)
    }

    /// Classifies an already-normalised text.
    public func predict(_ text: NormalizedText, topK: Int = 3) -> ClassPrediction {
        predict(text, embedding: nil, topK: topK)
    }

    /// Classifies a normalised text whose n-grams were already hashed with this model's feature config
    /// (one hashing pass shared by models with the same config).
    public func predict(_ text: NormalizedText, features: HashedFeatures, topK: Int = 3) -> ClassPrediction {
        prediction(
            fromScores: weights.scores(vector(for: text, ngrams: space.vector(for: features), embedding: nil)),
            topK: topK)
    }

    /// The features of a text: its n-grams, for a model with encoder features its sentence vector, and for
    /// a model with polarity features its lexicon scores. Without `embedding` the sentence block is left
    /// out and the other blocks decide.
    public func vector(for text: NormalizedText, embedding: [Float]?) -> SparseVector {
        vector(for: text, ngrams: space.vector(for: text), embedding: embedding)
    }

    private func vector(for text: NormalizedText, ngrams: SparseVector, embedding: [Float]?) -> SparseVector {
        Self.assemble(
            ngrams: ngrams, columns: space.columnCount, embedding: embedding, encoder: header.encoder,
            polarity: header.polarity?.values(for: text))
    }

    /// The n-gram vector (`columns` wide) with the sentence block (columns `columns`…, when there is a
    /// sentence vector) and the polarity block's values (after the sentence block's columns) appended: the
    /// one layout training and prediction share.
    static func assemble(
        ngrams: SparseVector, columns: Int, embedding: [Float]?, encoder: EncoderFeatures?, polarity: [Float]?
    ) -> SparseVector {
        let withSentence = appending(embedding, scale: encoder?.scale, to: ngrams, at: columns)
        return appending(polarity, scale: 1, to: withSentence, at: columns + (encoder?.dimension ?? 0))
    }

    /// Columns after the n-grams: the sentence vector's and the polarity block's.
    public var denseColumns: Int { Self.denseColumns(encoder: header.encoder, polarity: header.polarity) }

    static func denseColumns(encoder: EncoderFeatures?, polarity: PolarityFeatures?) -> Int {
        (encoder?.dimension ?? 0) + (polarity == nil ? 0 : PolarityFeatures.dimension)
    }

    /// Classifies a text with its sentence vector (from the encoder named in `header.encoder`).
    public func predict(_ text: String, embedding: [Float]?, topK: Int = 3) -> ClassPrediction {
        predict(space.normalize(text), embedding: embedding, topK: topK)
    }

    /// Classifies a normalised text with its sentence vector.
    public func predict(_ text: NormalizedText, embedding: [Float]?, topK: Int = 3) -> ClassPrediction {
        prediction(fromScores: weights.scores(vector(for: text, embedding: embedding)), topK: topK)
    }

    /// `vector` with the sentence vector × `scale` appended as columns `first`, `first + 1`, …
    static func appending(
        _ embedding: [Float]?, scale: Double?, to vector: SparseVector, at first: Int
    )
        -> SparseVector
    {
        guard let embedding, let scale else { return vector }
        var result = vector
        result.indices.reserveCapacity(vector.indices.count + embedding.count)
        result.values.reserveCapacity(vector.values.count + embedding.count)
        for (offset, value) in embedding.enumerated() {
            result.indices.append(Int32(first + offset))
            result.values.append(value * Float(scale))
        }
        return result
    }

    /// Classifies many texts using every core.
    public func predictBatch(_ texts: [String], topK: Int = 3) -> [ClassPrediction] {
        ParallelMap.map(texts) { predict($0, topK: topK) }
    }

    func prediction(fromScores scores: [Float], topK: Int) -> ClassPrediction {
        ClassPrediction(
            probabilities: TemperatureCalibrator(temperature: header.temperature).probabilities(scores),
            labels: labels, unknownThreshold: header.unknownThreshold.value, topK: topK)
    }

    /// Approximate bytes held in memory: weights, IDF, columns and the bucket table.
    public var memoryBytes: Int {
        weights.weights.count * 4 + weights.bias.count * 4 + space.idf.count * 4
            + space.columnBuckets.count * 4 + space.tableBytes
    }
}
