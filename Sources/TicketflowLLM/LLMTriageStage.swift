import Foundation
import TicketflowAnswering
import TicketflowCore
import TicketflowTriage

/// Which engine reads a triage step (`triage_engine`, `sentiment_engine`).
public enum TriageEngineChoice: String, Sendable, CaseIterable, Codable {
    /// The built-in models alone: no LLM call.
    case builtin
    /// The LLM decides; the built-in stands in when the call fails.
    case llm
    /// The built-in decides where it is sure; the LLM is asked only where it is not.
    case ensemble
}

/// Pipeline stage: the LLM engine for category and sentiment, combined with the built-in readings that
/// intake already made, then routed again. It runs with the deferred stages (before retrieval), so
/// intake still answers at once on the built-in engines; tickets intake sent to a person (`human_now`)
/// never reach it and stay with a person, since the customer may have been told so.
///
/// The rules, by engine setting:
/// - Category, `llm`: the LLM's category when it names one of the team's categories with probability
///   (from log-probabilities) at least `minimumCategoryProbability`, else `unknown`. `ensemble`: the same,
///   asked only when the built-in said `unknown`.
/// - Sentiment, `llm`: the LLM's sentiment read through the built-in urgency rules, so every urgency signal
///   still raises urgency with its evidence (legal, security, safety and time pressure keep urgency ≥ 4);
///   urgency is the higher of that and the LLM's; escalation risk is the LLM's or the rules'. `ensemble`:
///   the same, asked only when the built-in sentiment model is under `ensembleSentimentConfidence`.
/// - Any failure (down, slow, garbage, a category outside the taxonomy) keeps the built-in readings; the
///   trace says why.
public struct LLMTriageStage: PipelineStage {
    public let name = "llm_triage"
    public let reader: LLMTriageReader
    /// The live built-in models: the taxonomy, the sentiment model and the routing matrix.
    public let engine: TriageEngine
    public var categoryEngine: TriageEngineChoice
    public var sentimentEngine: TriageEngineChoice
    /// One line per category for the prompt (the team's declared descriptions); names alone otherwise.
    public var descriptions: [String: String] = [:]
    /// The rules for every ticket; each run adds that ticket's customer (the text leaves the process).
    public var redactor = PIIRedactor()

    /// Below this the LLM's category counts as `unknown`.
    public static let minimumCategoryProbability = 0.5
    /// In `ensemble`, a built-in sentiment model at or above this decides alone.
    public static let ensembleSentimentConfidence = 0.6

    public init(
        reader: LLMTriageReader, engine: TriageEngine, categoryEngine: TriageEngineChoice,
        sentimentEngine: TriageEngineChoice
    ) {
        self.reader = reader
        self.engine = engine
        self.categoryEngine = categoryEngine
        self.sentimentEngine = sentimentEngine
    }

    public func process(_ context: inout TicketContext) async throws -> StageReport {
        let models = engine.models
        let builtinCategory = context.ticket.category ?? ClassifierModel.unknownLabel
        let (builtin, _) = await SentimentStage.assess(context, with: models)
        var details = [
            "builtin_category": builtinCategory,
            "builtin_sentiment": "\(builtin.modelSentiment):\(String(format: "%.3f", builtin.modelConfidence))",
            "category_engine": categoryEngine.rawValue, "sentiment_engine": sentimentEngine.rawValue,
        ]
        let askCategory =
            categoryEngine == .llm || (categoryEngine == .ensemble && builtinCategory == ClassifierModel.unknownLabel)
        let askSentiment =
            sentimentEngine == .llm
            || (sentimentEngine == .ensemble && builtin.modelConfidence < Self.ensembleSentimentConfidence)
        guard askCategory || askSentiment else {
            return StageReport(
                input: "built-in category \(builtinCategory), sentiment model \(details["builtin_sentiment"]!)",
                output: "built-in readings kept: sure enough that the LLM was not asked", engine: "builtin",
                engineVersion: "1", details: details)
        }
        // The category model's labels are the taxonomy in force (a team's declared categories while the
        // zero-shot classifier reads them), as the console and the Setup page show it.
        let labels = models.category.labels.filter { $0 != ClassifierModel.unknownLabel }
        let question = LLMTriageReader.Question(
            categories: askCategory ? labels.map { .init(name: $0, description: descriptions[$0]) } : nil,
            sentiment: askSentiment)
        let text = redactor.with(known: KnownIdentity(context.customer)).redact(context.triageText).text
        let reading: LLMTriageReader.Reading
        do {
            reading = try await reader.read(text, asking: question)
        } catch let error as LLMError {
            details["fallback"] = "\(error.code.rawValue): \(error.message)"
            return StageReport(
                input: "\(text.count) characters, redacted", output: "built-in readings kept: the LLM failed",
                engine: reader.engineName, engineVersion: reader.prompt.version, details: details)
        }
        if let category = reading.category { apply(category: category, reading: reading, to: &context, &details) }
        if let sentiment = reading.sentiment {
            apply(sentiment: sentiment, reading: reading, signals: builtin.signals, to: &context, &details)
        }
        let routeBefore = context.ticket.route
        let routing = try await RoutingStage(engine: engine).process(&context)
        details["route_before"] = routeBefore?.rawValue ?? "-"
        details["route"] = routing.output
        return StageReport(
            input: "\(text.count) characters, redacted",
            output:
                "category \(context.ticket.category ?? "-"), \(context.ticket.sentiment?.rawValue ?? "-"), urgency \(context.ticket.urgency.map(String.init) ?? "-"); \(routing.output)",
            score: context.ticket.categoryConfidence, engine: reader.engineName, engineVersion: reader.prompt.version,
            details: details)
    }

    private func apply(
        category: String, reading: LLMTriageReader.Reading, to context: inout TicketContext,
        _ details: inout [String: String]
    ) {
        let probability = reading.categoryProbability
        details["llm_category"] = category
        details["llm_category_p"] = probability.map { String(format: "%.3f", $0) } ?? "not sent"
        if category != ClassifierModel.unknownLabel, (probability ?? 1) >= Self.minimumCategoryProbability {
            context.ticket.category = category
            context.ticket.categoryConfidence = probability
        } else if categoryEngine == .llm {
            context.ticket.category = ClassifierModel.unknownLabel
            context.ticket.categoryConfidence = probability
        }
    }

    private func apply(
        sentiment: Sentiment, reading: LLMTriageReader.Reading, signals: [FiredSignal],
        to context: inout TicketContext, _ details: inout [String: String]
    ) {
        let urgency = reading.urgency ?? 2
        details["llm_sentiment"] = sentiment.rawValue
        details["llm_urgency"] = String(urgency)
        details["llm_escalation_risk"] = String(reading.escalationRisk ?? false)
        let ruled = SentimentScorer.combine(modelLabel: sentiment.rawValue, confidence: 1, signals: signals)
        let finalUrgency = max(ruled.urgency, urgency)
        context.ticket.urgency = finalUrgency
        // The rules demote an "urgent" with no signal to negative; the LLM's own urgency, with its reason
        // as the evidence, may lift it back.
        context.ticket.sentiment = sentiment == .urgent && finalUrgency >= 4 ? .urgent : ruled.sentiment
        context.ticket.escalationRisk = ruled.escalationRisk || (reading.escalationRisk ?? false) || finalUrgency >= 4
        let said = reading.reason ?? "The LLM gave no reason."
        context.ticket.escalationReason =
            signals.isEmpty ? said : said + " Signals: " + signals.map(\.described).joined(separator: ", ") + "."
    }
}
