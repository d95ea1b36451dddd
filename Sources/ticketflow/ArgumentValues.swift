import ArgumentParser
import Logging
import TicketflowApp
import TicketflowCore

// Options with a fixed set of values parse straight into their enum, so a
// wrong value is a usage error naming the choices, and `--help` lists them.

extension AgentRole: ExpressibleByArgument {}
extension Channel: ExpressibleByArgument {}
extension TicketStatus: ExpressibleByArgument {}
extension Route: ExpressibleByArgument {}
extension Logger.Level: @retroactive ExpressibleByArgument {}
extension AppConfiguration.Durability: ExpressibleByArgument {}
extension AppConfiguration.AnswerMode: ExpressibleByArgument {}

/// The file formats of `ticketflow export training-data --format`.
enum TrainingDataFormat: String, CaseIterable, ExpressibleByArgument {
    /// JSON Lines in the OpenAI chat fine-tuning format.
    case openAIChat = "openai-chat"
    /// Labeled rows for `model train`.
    case csv
}

/// The models `ticketflow model publish --kind` can replace.
enum PublishedModelKind: String, CaseIterable, ExpressibleByArgument {
    /// The category (intent) classifier.
    case category
    /// The sentiment classifier.
    case sentiment
}
