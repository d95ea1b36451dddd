import Foundation
import TicketflowCore
import TicketflowText

/// Sentiment, urgency and escalation risk of one ticket, with the reason.
public struct SentimentAssessment: Codable, Sendable, Equatable {
    /// Final sentiment after the signal rules.
    public var sentiment: Sentiment
    /// What the trained model said before the rules, with its probability.
    public var modelSentiment: String
    /// Calibrated probability of `modelSentiment`.
    public var modelConfidence: Double
    /// 1 (can wait) to 5 (act now).
    public var urgency: Int
    /// True when the ticket may blow up if mishandled.
    public var escalationRisk: Bool
    /// One sentence naming the signals that fired.
    public var reason: String
    /// Every signal that fired, with its words.
    public var signals: [FiredSignal]

    enum CodingKeys: String, CodingKey {
        case sentiment, urgency, reason, signals
        case modelSentiment = "model_sentiment"
        case modelConfidence = "model_confidence"
        case escalationRisk = "escalation_risk"
    }
}

/// Combines a trained sentiment model with explicit urgency signals.
///
/// Urgency = base from sentiment (positive 1, neutral 2, negative 3, urgent 4;
/// a model "urgent" with no signal at all counts as negative)
/// + 1 per pressure signal (time pressure, outage, repeated contact, churn,
/// shouting, profanity), raised to at least 4 for security or legal threats,
/// to 5 for a safety hazard or two severe signals, clamped to 1...5.
public struct SentimentScorer: Sendable {
    /// The trained sentiment classifier (labels ideally positive/neutral/negative/urgent).
    public let model: ClassifierModel
    /// The rule-based signal finder.
    public let detector = UrgencySignalDetector()

    public init(model: ClassifierModel) {
        self.model = model
    }

    static let pressure: Set<UrgencySignal> = [
        .timePressure, .outage, .repeatedContact, .churnThreat, .shouting, .profanity,
    ]
    static let severe: Set<UrgencySignal> = [.security, .legalThreat, .safetyHazard, .outage]
    static let hostile: Set<UrgencySignal> = [.profanity, .shouting, .legalThreat, .churnThreat]
    static let escalating: Set<UrgencySignal> = [.legalThreat, .security, .churnThreat, .safetyHazard]

    /// Scores a text; `priorCustomerMessages` counts earlier customer messages in the conversation.
    public func assess(_ text: String, priorCustomerMessages: Int = 0, embedding: [Float]? = nil) -> SentimentAssessment
    {
        let normalized = TextNormalizer().normalize(text)
        let prediction = model.predict(normalized, embedding: embedding, topK: 1)
        let signals = detector.detect(text, normalized: normalized, priorCustomerMessages: priorCustomerMessages)
        return Self.combine(modelLabel: prediction.bestLabel, confidence: prediction.confidence, signals: signals)
    }

    /// The rules, separated from the model so they can be tested on their own.
    ///
    /// `modelLabel` is the model's best label even when it is under the model's unknown threshold. Every
    /// text has a sentiment, so there is no out-of-scope to hold back: the best label of a calibrated model
    /// is the likeliest reading. Reading unsure labels as neutral instead missed plain complaints ("your
    /// return process is a joke"): docs/triage.md has the figures.
    public static func combine(modelLabel: String, confidence: Double, signals: [FiredSignal]) -> SentimentAssessment {
        let fired = Set(signals.map(\.signal))
        var modelSentiment = Sentiment(rawValue: modelLabel.lowercased()) ?? .neutral
        // "Urgent" must be backed by a signal a person can see in the reason;
        // the model's word alone counts as negative.
        if modelSentiment == .urgent && signals.isEmpty { modelSentiment = .negative }
        var urgency: Int
        switch modelSentiment {
        case .positive: urgency = 1
        case .neutral: urgency = 2
        case .negative: urgency = 3
        case .urgent: urgency = 4
        }
        urgency += fired.intersection(pressure).count
        if fired.contains(.security) || fired.contains(.legalThreat) { urgency = max(urgency, 4) }
        if fired.contains(.safetyHazard) || fired.intersection(severe).count >= 2 { urgency = 5 }
        urgency = min(5, max(1, urgency))

        var sentiment = modelSentiment
        let pressing: Set<UrgencySignal> = [.timePressure, .outage, .security, .legalThreat, .safetyHazard]
        if urgency >= 4, !fired.isDisjoint(with: pressing) {
            sentiment = .urgent
        } else if sentiment == .positive || sentiment == .neutral, !fired.isDisjoint(with: hostile) {
            sentiment = .negative
        }
        let risk =
            urgency >= 4 || !fired.isDisjoint(with: escalating)
            || (sentiment == .negative && fired.contains(.repeatedContact))
        return SentimentAssessment(
            sentiment: sentiment, modelSentiment: modelLabel, modelConfidence: confidence, urgency: urgency,
            escalationRisk: risk, reason: reason(signals: signals, sentiment: sentiment, urgency: urgency, risk: risk),
            signals: signals)
    }

    static func reason(signals: [FiredSignal], sentiment: Sentiment, urgency: Int, risk: Bool) -> String {
        let named = signals.map(\.described)
        if named.isEmpty {
            return "No urgency signals; sentiment \(sentiment.rawValue), urgency \(urgency) of 5."
        }
        let lead = risk ? "Escalation risk" : "Signals"
        return "\(lead): \(named.joined(separator: ", ")); sentiment \(sentiment.rawValue), urgency \(urgency) of 5."
    }
}
