import Foundation
import TicketflowCore

extension EvaluationReport {
    /// What the report names as its threshold: the pipeline holds no sentiment back as unknown.
    static let noUnknownSentiment = UnknownThreshold(
        value: 0, rule: "none", explanation: "the pipeline reads the model's best label, however sure")

    /// Scores the sentiment the pipeline outputs, not the model's own label: each text goes through
    /// `SentimentScorer` (the model's best label, even under its threshold; a model `urgent` without a
    /// signal reads negative, the signals can raise a text to urgent or negative). When the rows have no
    /// `urgent` label, as 3-class sets do not, an `urgent` output counts as `negative`: urgent is negative
    /// with pressure. Timed like `evaluate(model:rows:embed:)`, one text at a time, then all at once.
    public static func evaluateSentiment(
        model: ClassifierModel, rows: [LabeledText], embed: (([String]) -> [[Float]])? = nil
    ) throws -> EvaluationReport {
        let sentiments = Set(Sentiment.allCases.map(\.rawValue))
        guard model.labels.allSatisfy(sentiments.contains) else {
            throw TrainingError(
                "the sentiment rules need a sentiment model (labels among positive, neutral, negative, urgent); "
                    + "this one has \(model.labels.joined(separator: ", "))")
        }
        let scorer = SentimentScorer(model: model)
        let foldUrgent = !rows.contains { $0.label == Sentiment.urgent.rawValue }
        func prediction(_ text: String, _ vector: [Float]?) -> ClassPrediction {
            let assessment = scorer.assess(text, embedding: vector)
            let sentiment = foldUrgent && assessment.sentiment == .urgent ? .negative : assessment.sentiment
            return ClassPrediction(
                label: sentiment.rawValue, bestLabel: sentiment.rawValue, confidence: assessment.modelConfidence,
                isUnknown: false, top: [])
        }
        let (single, singleSeconds, batchSeconds) = timedPredictions(
            rows.map(\.text), embed: embed, single: prediction,
            batch: { texts, vectors in texts.indices.map { prediction(texts[$0], vectors?[$0]) } })
        let labels = Sentiment.allCases.filter { !(foldUrgent && $0 == .urgent) }.map(\.rawValue)
        return evaluate(
            labels: labels, threshold: Self.noUnknownSentiment, rows: rows, predictions: single,
            singleSeconds: singleSeconds, batchSeconds: batchSeconds)
    }
}
