import ArgumentParser
import Foundation
import TicketflowApp
import TicketflowCore
import TicketflowTriage

/// `ticketflow triage "text"`: a quick look at what triage decides for one text.
struct TriageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "triage",
        abstract: "Triage one text: category, sentiment, urgency, escalation risk and route.",
        discussion: """
            Uses the built-in starter models unless model files are given. With --encoder, triage reads \
            the sentence vector as a server with that encoder_dir does: models trained with --encoder need \
            it, and the default sentiment model reads it too.
            """
    )

    @Argument(help: "The ticket text.") var text: String
    @Option(help: "Category model file (default: built-in starter model).") var model: String?
    @Option(help: "Sentiment model file (default: built-in starter model).") var sentimentModel: String?
    @Option(help: "Earlier customer messages in the conversation (repeated-contact signal).") var priorMessages: Int = 0
    @Option(help: "Sentence-encoder directory: a transformer (scripts/fetch-encoder.sh) or static vectors.")
    var encoder: String?
    @Flag(help: "Print the result as JSON (the POST /v1/classify shape).") var json = false

    func run() async throws {
        let embeddings = try encoder.map(EncoderFeaturesSupport.embeddings)
        let category = try model.map(ModelFile.read(from:)) ?? StarterModels.categoryModel()
        let sentiment: ClassifierModel
        if let sentimentModel {
            sentiment = try ModelFile.read(from: sentimentModel)
        } else if let embeddings {
            sentiment = try await StarterModels.sentimentModel(embedder: embeddings)
        } else {
            sentiment = try StarterModels.sentimentModel()
        }
        for model in [category, sentiment] {
            try EncoderFeaturesSupport.check(model, against: embeddings?.model, directory: encoder)
        }
        var models = TriageModels(category: category, sentiment: sentiment)
        models.embedder = embeddings
        let result = await TriageEngine(models: models).classify(text, priorCustomerMessages: priorMessages)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(result), as: UTF8.self))
            return
        }
        let top = result.topCategories.map { String(format: "%@ %.2f", $0.label, $0.probability) }.joined(
            separator: ", ")
        print(String(format: "category   %@ (%.2f)   [%@]", result.category, result.categoryConfidence, top))
        print(
            String(
                format: "sentiment  %@ (model: %@ %.2f)", result.sentiment.rawValue, result.modelSentiment,
                result.modelSentimentConfidence))
        print("urgency    \(result.urgency) of 5\(result.escalationRisk ? "   ESCALATION RISK" : "")")
        print("reason     \(result.escalationReason)")
        print(
            "route      \(result.route.rawValue) by cell \(result.routing.cell)"
                + (result.routing.safetyRule.map { " (safety rule \($0))" } ?? ""))
    }
}
