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

    public init(category: ClassifierModel, sentiment: ClassifierModel, matrix: PriorityMatrix = .defaults) {
        self.category = category
        self.sentiment = SentimentScorer(model: sentiment)
        self.matrix = matrix
    }

    /// Triage of one text, normalising it once for both models.
    public func triage(_ text: String, priorCustomerMessages: Int = 0) -> TriageResult {
        let normalized = TextNormalizer().normalize(text)
        let features = category.space.features(of: normalized)
        let categoryPrediction = category.predict(features, topK: 3)
        // Models trained with the same n-gram config share one hashing pass.
        let sentimentPrediction =
            sentiment.model.space.config == category.space.config
            ? sentiment.model.predict(features, topK: 1) : sentiment.model.predict(normalized, topK: 1)
        let signals = sentiment.detector.detect(
            text, normalized: normalized, priorCustomerMessages: priorCustomerMessages)
        let assessment = SentimentScorer.combine(
            modelLabel: sentimentPrediction.bestLabel, confidence: sentimentPrediction.confidence, signals: signals,
            confident: !sentimentPrediction.isUnknown)
        let routing = matrix.route(
            category: categoryPrediction.label, sentiment: assessment.sentiment, urgency: assessment.urgency)
        return TriageResult(
            category: categoryPrediction.label, categoryConfidence: categoryPrediction.confidence,
            topCategories: categoryPrediction.top, sentiment: assessment.sentiment, urgency: assessment.urgency,
            escalationRisk: assessment.escalationRisk, escalationReason: assessment.reason, signals: signals,
            route: routing.route, routing: routing, modelSentiment: assessment.modelSentiment,
            categoryModelVersion: category.header.version, sentimentModelVersion: sentiment.model.header.version)
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

    /// Replaces the category model.
    public func replaceCategoryModel(_ model: ClassifierModel) {
        update { $0.category = model }
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

    /// Stateless triage with the current models.
    public func triage(_ text: String, priorCustomerMessages: Int = 0) -> TriageResult {
        models.triage(text, priorCustomerMessages: priorCustomerMessages)
    }

    private func update(_ change: (inout TriageModels) -> Void) {
        current.withLock { change(&$0) }
    }
}
