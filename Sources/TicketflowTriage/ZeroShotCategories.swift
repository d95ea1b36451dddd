import Foundation
import TicketflowCore

/// Turns texts into L2-normalised sentence vectors: the built-in encoder, seen from triage
/// (which does not depend on it).
public protocol TextEmbedder: Sendable {
    /// The encoder's identity; a zero-shot model is only valid with the encoder it was built with.
    var model: String { get }
    func embed(_ texts: [String]) async throws -> [[Float]]
}

/// Categories classified from their descriptions and examples alone, by the
/// sentence encoder: a text's score for a category is its cosine with the
/// category's centroid (a prototype; on bitext's train split with 5 examples
/// per intent, 89.6% over three draws, against 88.7% when the nearest single
/// example is mixed in, see docs/triage.md). Probabilities
/// are softmax(scores / T), T fitted by leave-one-out over the examples
/// themselves (each scored against the others), and the `unknown` threshold
/// follows the coverage rule on the same leave-one-out predictions. No labeled
/// history is needed: it works from the first ticket.
public struct ZeroShotCategories: Sendable {
    public let labels: [String]
    /// The encoder the vectors came from.
    public let encoderModel: String
    /// "zero-shot@<hash of the definitions and encoder>", like a trained model's version.
    public let version: String
    public let calibrator: TemperatureCalibrator
    public let unknownThreshold: UnknownThreshold
    /// Example vectors (descriptions included), their labels' indices and their texts (`nearestExamples`).
    let vectors: [[Float]]
    let owners: [Int]
    let texts: [String]
    /// Per label, the unit-length mean of its example vectors: computed once, so a ticket costs one dot
    /// product per label.
    let centroids: [[Float]]

    /// Embeds every example and description of `categories` and calibrates on them.
    public static func build(
        _ categories: [CategoryDefinition], embedder: some TextEmbedder
    ) async throws -> ZeroShotCategories {
        var texts: [String] = []
        var owners: [Int] = []
        for (index, category) in categories.enumerated() {
            for text in category.examples + [category.description] {
                texts.append(text)
                owners.append(index)
            }
        }
        let vectors = try await embedder.embed(texts)
        return ZeroShotCategories(
            labels: categories.map(\.name), encoderModel: embedder.model, vectors: vectors, owners: owners,
            texts: texts,
            identity: categories.map {
                "\($0.name)\u{1F}\($0.description)\u{1F}\($0.examples.joined(separator: "\u{1F}"))"
            }
            .joined(separator: "\u{1E}"))
    }

    init(
        labels: [String], encoderModel: String, vectors: [[Float]], owners: [Int], texts: [String], identity: String
    ) {
        self.texts = texts
        let dimension = vectors.first?.count ?? 0
        var sums = Array(repeating: [Float](repeating: 0, count: dimension), count: labels.count)
        for (vector, owner) in zip(vectors, owners) {
            for i in 0..<dimension { sums[owner][i] += vector[i] }
        }
        self.labels = labels
        self.encoderModel = encoderModel
        self.vectors = vectors
        self.owners = owners
        self.centroids = sums.map { sum in
            let norm = sqrt(Self.dot(sum, sum))
            return norm > 0 ? sum.map { $0 / norm } : sum
        }
        self.version = String(
            format: "zero-shot@%08x",
            UInt32(truncatingIfNeeded: FNV1a.hash64(Array((identity + "\u{1D}" + encoderModel).utf8))))
        // Leave-one-out: every example scored as a new text against the others.
        let heldOut = vectors.indices.map {
            Self.leaveOneOutScores(vectors[$0], vectors: vectors, owners: owners, sums: sums, leaving: $0)
        }
        let calibrator = TemperatureCalibrator.fit(scores: heldOut, labels: owners)
        self.calibrator = calibrator
        let outcomes = zip(heldOut, owners).map { scores, owner in
            let probabilities = calibrator.probabilities(scores)
            let best = probabilities.indices.max { probabilities[$0] < probabilities[$1] } ?? 0
            return (confidence: probabilities[best], correct: best == owner)
        }
        self.unknownThreshold = UnknownThreshold.choose(inScope: outcomes, outOfScope: [])
    }

    /// Length of the vectors it compares.
    public var dimension: Int { centroids.first?.count ?? 0 }

    /// The category scores of a normalised vector: its cosine with each label's centroid.
    public func scores(_ vector: [Float]) -> [Float] {
        centroids.map { Self.dot(vector, $0) }
    }

    /// The declared examples (and descriptions) nearest to a text's vector, nearest first: why it got
    /// its category (`model explain --setup`).
    public func nearestExamples(_ vector: [Float], top: Int) -> [(label: String, text: String, cosine: Double)] {
        vectors.indices.map { (index: $0, cosine: Double(Self.dot(vector, vectors[$0]))) }
            .sorted { $0.cosine > $1.cosine }.prefix(top)
            .map { (labels[owners[$0.index]], texts[$0.index], $0.cosine) }
    }

    /// The prediction for a text's vector.
    public func predict(vector: [Float], topK: Int = 3) -> ClassPrediction {
        ClassPrediction(
            probabilities: calibrator.probabilities(scores(vector)), labels: labels,
            unknownThreshold: unknownThreshold.value, topK: topK)
    }

    /// The prediction for a text, embedding it with `embedder` (which must be the encoder it was built with).
    public func predict(_ text: String, embedder: some TextEmbedder, topK: Int = 3) async throws -> ClassPrediction {
        let vector = try await embedder.embed([text]).first ?? []
        return predict(vector: vector, topK: topK)
    }

    /// Cosine with each label's centroid, leaving example `left` out of its label's.
    static func leaveOneOutScores(
        _ query: [Float], vectors: [[Float]], owners: [Int], sums: [[Float]], leaving left: Int
    ) -> [Float] {
        sums.indices.map { label in
            var sum = sums[label]
            if owners[left] == label { for i in sum.indices { sum[i] -= vectors[left][i] } }
            let norm = sqrt(dot(sum, sum))
            return norm > 0 ? dot(query, sum) / norm : 0
        }
    }

    static func dot(_ a: [Float], _ b: [Float]) -> Float {
        var total: Float = 0
        for i in 0..<min(a.count, b.count) { total += a[i] * b[i] }
        return total
    }
}

/// A zero-shot model with the encoder that scores it, as the triage engine runs it.
public struct ZeroShotClassifier: Sendable {
    public let model: ZeroShotCategories
    public let embedder: any TextEmbedder

    public init(model: ZeroShotCategories, embedder: any TextEmbedder) {
        self.model = model
        self.embedder = embedder
    }
}
