import Foundation
import TicketflowCore

/// Pipeline stage: category and calibrated confidence; `unknown` under the threshold.
public struct TriageStage: PipelineStage {
    public let name = "triage"
    /// Source of the live models.
    public let engine: TriageEngine
    /// The text whose sentence vector the models read: the retrieval query when the pipeline gives it, so
    /// retrieval reuses the vector instead of encoding a second text; the triage text otherwise.
    public var vectorText: (@Sendable (TicketContext) -> String)?

    public init(engine: TriageEngine, vectorText: (@Sendable (TicketContext) -> String)? = nil) {
        self.engine = engine
        self.vectorText = vectorText
    }

    public func process(_ context: inout TicketContext) async throws -> StageReport {
        let models = engine.models
        let text = vectorText?(context) ?? context.triageText
        let vector = await models.sentenceVector(text)
        if case .success(let values)? = vector, let model = models.encoderModel {
            context.sentenceVector = SentenceVector(text: text, model: model, values: values)
        }
        let decision = models.categoryPrediction(context.triageText, vector: vector)
        let prediction = decision.prediction
        context.ticket.category = prediction.label
        context.ticket.categoryConfidence = prediction.confidence
        var details = [
            "best_label": prediction.bestLabel,
            "top": prediction.top.map { String(format: "%@:%.3f", $0.label, $0.probability) }.joined(separator: ","),
            "unknown_threshold": String(format: "%.3f", decision.threshold.value),
            "threshold_rule": decision.threshold.rule,
        ]
        if let failure = decision.failure { details["fallback"] = failure }
        return StageReport(
            input: String(context.triageText.prefix(200)),
            output: prediction.isUnknown
                ? "unknown (best guess \(prediction.bestLabel) under threshold)" : prediction.label,
            score: prediction.confidence, engine: decision.engine, engineVersion: decision.version, details: details)
    }
}

/// Pipeline stage: sentiment, urgency 1–5, escalation risk and its reason.
public struct SentimentStage: PipelineStage {
    public let name = "sentiment"
    /// Source of the live models.
    public let engine: TriageEngine

    public init(engine: TriageEngine) {
        self.engine = engine
    }

    /// The built-in reading of the context's text: the sentiment model (with the sentence vector the
    /// triage stage left, or a new one when the model wants it) plus the urgency signals.
    public static func assess(
        _ context: TicketContext, with models: TriageModels
    ) async -> (assessment: SentimentAssessment, usedEncoder: Bool) {
        let scorer = models.sentiment
        let prior = context.history.filter { $0.author == .customer }.count
        var vector = context.sentenceVector?.values
        if vector == nil, scorer.model.header.encoder != nil {
            vector = try? await models.sentenceVector(context.triageText)?.get()
        }
        let usable = models.usable(vector, by: scorer.model)
        return (scorer.assess(context.triageText, priorCustomerMessages: prior, embedding: usable), usable != nil)
    }

    public func process(_ context: inout TicketContext) async throws -> StageReport {
        let models = engine.models
        let scorer = models.sentiment
        let prior = context.history.filter { $0.author == .customer }.count
        let (assessment, usedEncoder) = await Self.assess(context, with: models)
        context.ticket.sentiment = assessment.sentiment
        context.ticket.urgency = assessment.urgency
        context.ticket.escalationRisk = assessment.escalationRisk
        context.ticket.escalationReason = assessment.reason
        return StageReport(
            input: "\(context.triageText.count) characters, \(prior) earlier customer messages",
            output:
                "\(assessment.sentiment.rawValue), urgency \(assessment.urgency)\(assessment.escalationRisk ? ", escalation risk" : ""): \(assessment.reason)",
            score: Double(assessment.urgency),
            engine: usedEncoder ? "builtin-linear-svm+encoder+signals" : "builtin-linear-svm+signals",
            engineVersion: scorer.model.header.version,
            details: [
                "model_sentiment": assessment.modelSentiment,
                "model_confidence": String(format: "%.3f", assessment.modelConfidence),
                "signals": assessment.signals.map { "\($0.signal.rawValue)=\($0.evidence)" }.joined(separator: "; "),
            ])
    }
}

/// Pipeline stage: route by the priority matrix; sets route and status
/// (human_now → escalated, otherwise triaged). Missing triage facts from a
/// failed stage route to human review, never to an unreviewed answer.
public struct RoutingStage: PipelineStage {
    public let name = "routing"
    /// Source of the live matrix.
    public let engine: TriageEngine

    public init(engine: TriageEngine) {
        self.engine = engine
    }

    public func process(_ context: inout TicketContext) async throws -> StageReport {
        let matrix = engine.models.matrix
        let category = context.ticket.category ?? ClassifierModel.unknownLabel
        let decision: RoutingDecision
        if let sentiment = context.ticket.sentiment, let urgency = context.ticket.urgency {
            decision = matrix.route(category: category, sentiment: sentiment, urgency: urgency)
        } else {
            decision = RoutingDecision(
                route: .aiDraftHumanReview, cell: "missing_sentiment", matrixRoute: .aiDraftHumanReview,
                safetyRule: "missing_triage_needs_review")
        }
        context.ticket.route = decision.route
        context.ticket.status = decision.route == .humanNow ? .escalated : .triaged
        var details = ["cell": decision.cell, "matrix_route": decision.matrixRoute.rawValue]
        if let rule = decision.safetyRule { details["safety_rule"] = rule }
        return StageReport(
            input:
                "category \(category), sentiment \(context.ticket.sentiment?.rawValue ?? "-"), urgency \(context.ticket.urgency.map(String.init) ?? "-")",
            output: "\(decision.route.rawValue) by cell \(decision.cell)"
                + (decision.safetyRule.map { " (safety rule \($0))" } ?? ""),
            engine: "priority-matrix", engineVersion: "1", details: details)
    }
}
