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
            (embedder ?? zeroShot?.embedder)?.model == features.model
        else { return nil }
        return vector
    }

    /// The category prediction from the text and its sentence vector: the linear model with encoder
    /// features, the zero-shot model, or the n-gram model, with the engine that decided and, when a vector
    /// was wanted but missing, why the n-grams decided instead.
    public func categoryPrediction(
        _ text: String, vector: Result<[Float], VectorFailure>?
    ) -> (prediction: ClassPrediction, engine: String, failure: String?) {
        let wanted = try? vector?.get()
        let missing: String = {
            if case .failure(let failure)? = vector { return failure.reason }
            return "no sentence vector"
        }()
        if let features = category.header.encoder {
            guard let usable = usable(wanted, by: category) else {
                let reason =
                    embedder?.model == features.model ? missing : "the model's encoder \(features.model) is not loaded"
                return (category.predict(text, topK: 3), "builtin-linear-svm", "n-grams only: \(reason)")
            }
            return (category.predict(text, embedding: usable, topK: 3), "builtin-linear-svm+encoder", nil)
        }
        if let zeroShot {
            guard let wanted, wanted.count == zeroShot.model.dimension else {
                return (category.predict(text, topK: 3), "builtin-linear-svm", "zero-shot failed: \(missing)")
            }
            return (zeroShot.model.predict(vector: wanted, topK: 3), "builtin-encoder-zero-shot", nil)
        }
        return (category.predict(text, topK: 3), "builtin-linear-svm", nil)
    }
}

/// Why a text has no sentence vector.
public struct VectorFailure: Error, Sendable, Equatable {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
}
