import Foundation

/// Sentence vectors in triage: one per text, shared by the zero-shot categories and by models trained
/// with encoder features (category and sentiment), from the encoder they were built with.
extension TriageModels {
    /// Whether any model in use reads sentence vectors.
    public var needsVector: Bool {
        zeroShot != nil || category.header.encoder != nil || sentiment.model.header.encoder != nil
    }

    /// The identity of the encoder the models read vectors from, if any.
    public var encoderModel: String? { (embedder ?? zeroShot?.embedder)?.model }

    /// The text's sentence vector, or why there is none; nil when no model needs one.
    public func sentenceVector(_ text: String) async -> Result<[Float], VectorFailure>? {
        guard needsVector else { return nil }
        guard let encoder = embedder ?? zeroShot?.embedder else {
            return .failure(VectorFailure("no sentence encoder is loaded"))
        }
        do {
            return .success(try await encoder.embed([text]).first ?? [])
        } catch {
            return .failure(VectorFailure("the encoder failed: \(error)"))
        }
    }

    /// `vector` when it comes from the encoder `model` was trained with; nil otherwise.
    public func usable(_ vector: [Float]?, by model: ClassifierModel) -> [Float]? {
        guard let vector, let features = model.header.encoder, features.dimension == vector.count,
            encoderModel == features.model
        else { return nil }
        return vector
    }

    /// The category prediction from the text and its sentence vector: the linear model with encoder
    /// features, the zero-shot model, or the n-gram model, with the engine that decided and, when a vector
    /// was wanted but missing, why the n-grams decided instead.
    public func categoryPrediction(_ text: String, vector: Result<[Float], VectorFailure>?) -> CategoryDecision {
        let wanted = try? vector?.get()
        let missing: String = {
            if case .failure(let failure)? = vector { return failure.reason }
            return "no sentence vector"
        }()
        if let features = category.header.encoder {
            guard let usable = usable(wanted, by: category) else {
                let reason =
                    embedder?.model == features.model ? missing : "the model's encoder \(features.model) is not loaded"
                return linear(text, failure: "n-grams only: \(reason)")
            }
            return CategoryDecision(
                prediction: category.predict(text, embedding: usable, topK: 3), engine: "builtin-linear-svm+encoder",
                version: category.header.version, threshold: category.header.unknownThreshold)
        }
        if let zeroShot {
            guard let wanted, wanted.count == zeroShot.model.dimension else {
                return linear(text, failure: "zero-shot failed: \(missing)")
            }
            return CategoryDecision(
                prediction: zeroShot.model.predict(vector: wanted, topK: 3), engine: "builtin-encoder-zero-shot",
                version: zeroShot.model.version, threshold: zeroShot.model.unknownThreshold)
        }
        return linear(text)
    }

    /// The n-gram model's decision, with why it decided when a vector model was meant to.
    func linear(_ text: String, failure: String? = nil) -> CategoryDecision {
        CategoryDecision(
            prediction: category.predict(text, topK: 3), engine: "builtin-linear-svm",
            version: category.header.version, threshold: category.header.unknownThreshold, failure: failure)
    }
}

/// A category decision with the model that made it, as the trace records it.
public struct CategoryDecision: Sendable {
    public var prediction: ClassPrediction
    /// The engine's name in the trace: `builtin-linear-svm`, `builtin-linear-svm+encoder` or
    /// `builtin-encoder-zero-shot`.
    public var engine: String
    /// The deciding model's version.
    public var version: String
    /// The deciding model's `unknown` threshold.
    public var threshold: UnknownThreshold
    /// Why the n-grams decided although a model reading vectors was in use; nil when it was not needed.
    public var failure: String?

    public init(
        prediction: ClassPrediction, engine: String, version: String, threshold: UnknownThreshold,
        failure: String? = nil
    ) {
        self.prediction = prediction
        self.engine = engine
        self.version = version
        self.threshold = threshold
        self.failure = failure
    }
}

/// Why a text has no sentence vector.
public struct VectorFailure: Error, Sendable, Equatable {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
}
