import Foundation
import TicketflowCore

/// The full stateless triage of one text: what `POST /v1/classify` returns.
public struct TriageResult: Codable, Sendable, Equatable {
    /// Category, or `unknown` under the confidence threshold.
    public var category: String
    /// Calibrated probability of the best category.
    public var categoryConfidence: Double
    /// Best categories with probabilities.
    public var topCategories: [LabelProbability]
    /// Final sentiment.
    public var sentiment: Sentiment
    /// 1...5.
    public var urgency: Int
    /// True when mishandling may escalate.
    public var escalationRisk: Bool
    /// One sentence naming the signals that fired.
    public var escalationReason: String
    /// Urgency signals with their words.
    public var signals: [FiredSignal]
    /// Where the ticket goes.
    public var route: Route
    /// The matrix cell that decided, and any safety rule that overrode it.
    public var routing: RoutingDecision
    /// Sentiment model output before the rules.
    public var modelSentiment: String
    /// Calibrated probability of `modelSentiment`: the pipeline reads that label however low this is, so
    /// a client can tell a sure reading from a best guess.
    public var modelSentimentConfidence: Double
    /// Versions of the models used, for the trace.
    public var categoryModelVersion: String
    /// Version of the sentiment model.
    public var sentimentModelVersion: String

    enum CodingKeys: String, CodingKey {
        case category, sentiment, urgency, signals, route, routing
        case categoryConfidence = "category_confidence"
        case topCategories = "top_categories"
        case escalationRisk = "escalation_risk"
        case escalationReason = "escalation_reason"
        case modelSentiment = "model_sentiment"
        case modelSentimentConfidence = "model_sentiment_confidence"
        case categoryModelVersion = "category_model_version"
        case sentimentModelVersion = "sentiment_model_version"
    }
}
