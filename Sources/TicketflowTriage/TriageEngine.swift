import Foundation
import Synchronization
import TicketflowCore
import TicketflowText

/// One consistent set of triage models; a value, so a running request keeps
/// the set it started with while a new one is swapped in.
public struct TriageModels: Sendable {
    /// Category (intent) classifier.
    public var category: ClassifierModel
    /// Sentiment model plus urgency rules.
    public var sentiment: SentimentScorer
    /// Routing configuration.
    public var matrix: PriorityMatrix
    /// The encoder classifying the team's declared categories, until a model trained on relabels
    /// replaces `category`; nil classifies with `category`.
    public var zeroShot: ZeroShotClassifier?
    /// The sentence encoder, for models trained with encoder features; nil without one.
    public var embedder: (any TextEmbedder)?

    public init(category: ClassifierModel, sentiment: ClassifierModel, matrix: PriorityMatrix = .defaults) {
        self.category = category
        self.sentiment = SentimentScorer(model: sentiment)
        self.matrix = matrix
    }

    /// Triage of one text, normalising it once for both models; `decided` is a category decision made
    /// with the text's sentence vector (`categoryPrediction`), used instead of the n-gram model's, and
    /// `vector` that sentence vector, for a sentiment model with encoder features.
    public func triage(
        _ text: String, priorCustomerMessages: Int = 0, decided: CategoryDecision? = nil, vector: [Float]? = nil
    ) -> TriageResult {
        let normalized = TextNormalizer().normalize(text)
        let features = category.space.features(of: normalized)
        var categoryPrediction = decided?.prediction ?? category.predict(normalized, features: features, topK: 3)
        if TooLittleText.applies(to: text) { categoryPrediction = categoryPrediction.heldAsUnknown() }
        // Models trained with the same n-gram config share one hashing pass.
        let sentimentPrediction =
            sentiment.model.header.encoder != nil
            ? sentiment.model.predict(normalized, embedding: usable(vector, by: sentiment.model), topK: 1)
            : sentiment.model.space.config == category.space.config
                ? sentiment.model.predict(normalized, features: features, topK: 1)
                : sentiment.model.predict(normalized, topK: 1)
        let signals = sentiment.detector.detect(
            text, normalized: normalized, priorCustomerMessages: priorCustomerMessages)
        let assessment = SentimentScorer.combine(
            modelLabel: sentimentPrediction.bestLabel, confidence: sentimentPrediction.confidence, signals: signals)
        let routing = matrix.route(
            category: categoryPrediction.label, sentiment: assessment.sentiment, urgency: assessment.urgency)
        return TriageResult(
            category: categoryPrediction.label, categoryConfidence: categoryPrediction.confidence,
            topCategories: categoryPrediction.top, sentiment: assessment.sentiment, urgency: assessment.urgency,
            escalationRisk: assessment.escalationRisk, escalationReason: assessment.reason, signals: signals,
            route: routing.route, routing: routing, modelSentiment: assessment.modelSentiment,
            modelSentimentConfidence: assessment.modelConfidence,
            categoryModelVersion: decided?.version ?? category.header.version,
            sentimentModelVersion: sentiment.model.header.version)
    }
}

/// Holds the live triage models for the server and the pipeline stages, and
/// swaps them at runtime (a retrained model, a new matrix) without a restart.
/// Readers take a snapshot under the lock and work without it.
public final class TriageEngine: Sendable {
    private let current: Mutex<TriageModels>

    /// Creates an engine serving `models`.
    public init(models: TriageModels) {
        self.current = Mutex(models)
    }

    /// An engine with the built-in starter models, trained now (well under a second).
    public static func starter(matrix: PriorityMatrix = .defaults) throws -> TriageEngine {
        try TriageEngine(models: StarterModels.train(matrix: matrix))
    }

    /// The models in use right now.
    public var models: TriageModels {
        current.withLock { $0 }
    }

    /// Replaces the category model; a zero-shot model in use gives way to it (a trained model takes over).
    public func replaceCategoryModel(_ model: ClassifierModel) {
        update {
            $0.category = model
            $0.zeroShot = nil
        }
    }

    /// Sets the encoder a category model with encoder features reads sentence vectors from.
    public func replaceEmbedder(_ embedder: (any TextEmbedder)?) {
        update { $0.embedder = embedder }
    }

    /// Classifies categories with `zeroShot` until the next `replaceCategoryModel`.
    public func replaceZeroShot(_ zeroShot: ZeroShotClassifier?) {
        update { $0.zeroShot = zeroShot }
    }

    /// Replaces the sentiment model.
    public func replaceSentimentModel(_ model: ClassifierModel) {
        update { $0.sentiment = SentimentScorer(model: model) }
    }

    /// Replaces the routing matrix.
    public func replaceMatrix(_ matrix: PriorityMatrix) {
        update { $0.matrix = matrix }
    }

    /// Loads a model file and swaps it in as the category model; the old one
    /// stays in use if the file is bad.
    public func reloadCategoryModel(from path: String) throws {
        replaceCategoryModel(try ModelFile.read(from: path))
    }

    /// Loads a model file and swaps it in as the sentiment model.
    public func reloadSentimentModel(from path: String) throws {
        replaceSentimentModel(try ModelFile.read(from: path))
    }

    /// Stateless triage with the current linear models (no encoder call).
    public func triage(_ text: String, priorCustomerMessages: Int = 0) -> TriageResult {
        models.triage(text, priorCustomerMessages: priorCustomerMessages)
    }

    /// Stateless triage as the pipeline does it: with the sentence vector when a model needs it.
    public func classify(_ text: String, priorCustomerMessages: Int = 0) async -> TriageResult {
        let models = models
        guard models.needsVector else { return models.triage(text, priorCustomerMessages: priorCustomerMessages) }
        let vector = await models.sentenceVector(text)
        let decided = models.categoryPrediction(text, vector: vector)
        return models.triage(
            text, priorCustomerMessages: priorCustomerMessages, decided: decided, vector: try? vector?.get())
    }

    private func update(_ change: (inout TriageModels) -> Void) {
        current.withLock { change(&$0) }
    }
}
