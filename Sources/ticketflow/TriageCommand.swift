import ArgumentParser
import Foundation
import TicketflowCore
import TicketflowTriage

/// `ticketflow triage "text"`: a quick look at what triage decides for one text.
struct TriageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "triage",
        abstract: "Triage one text: category, sentiment, urgency, escalation risk and route.",
        discussion: "Uses the built-in starter models unless model files are given."
    )

    @Argument(help: "The ticket text.") var text: String
    @Option(help: "Category model file (default: built-in starter model).") var model: String?
    @Option(help: "Sentiment model file (default: built-in starter model).") var sentimentModel: String?
    @Option(help: "Earlier customer messages in the conversation (repeated-contact signal).") var priorMessages: Int = 0
    @Flag(help: "Print the result as JSON (the POST /v1/classify shape).") var json = false

    func run() async throws {
        let category = try model.map(ModelFile.read(from:)) ?? StarterModels.categoryModel()
        let sentiment = try sentimentModel.map(ModelFile.read(from:)) ?? StarterModels.sentimentModel()
        let result = TriageModels(category: category, sentiment: sentiment).triage(
            text, priorCustomerMessages: priorMessages)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(result), as: UTF8.self))
            return
        }
        let top = result.topCategories.map { String(format: "%@ %.2f", $0.label, $0.probability) }.joined(
            separator: ", ")
        print(String(format: "category   %@ (%.2f)   [%@]", result.category, result.categoryConfidence, top))
        print("sentiment  \(result.sentiment.rawValue) (model: \(result.modelSentiment))")
        print("urgency    \(result.urgency) of 5\(result.escalationRisk ? "   ESCALATION RISK" : "")")
        print("reason     \(result.escalationReason)")
        print(
            "route      \(result.route.rawValue) by cell \(result.routing.cell)"
                + (result.routing.safetyRule.map { " (safety rule \($0))" } ?? ""))
    }
}
