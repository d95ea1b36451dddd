import ArgumentParser
import Foundation
import TicketflowApp
import TicketflowCore
import TicketflowLearning

/// `ticketflow export`: data that leaves Ticketflow, always PII-redacted.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export data (PII redacted).",
        subcommands: [TrainingData.self]
    )
}

extension ExportCommand {
    /// `ticketflow export training-data`.
    struct TrainingData: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "training-data",
            abstract: "Agents' corrections, approved answers and relabels as training data.",
            discussion: """
                openai-chat: JSON Lines in the OpenAI chat fine-tuning format (system, user = the redacted \
                customer text, assistant = the agent's correction or the approved answer) with metadata \
                (reason, ticket_id, date, needs_correction). csv: labeled rows for `model train` \
                (ticket_id,text,category,urgency,source,date) from agents' relabels.
                """
        )

        @OptionGroup var store: StoreOptions
        @Option(help: "Only feedback from this day on (YYYY-MM-DD, UTC); default: everything.") var since: String?
        @Option(help: "File format (described above).") var format: TrainingDataFormat = .openAIChat
        @Option(help: "Write to this file instead of standard output.") var out: String?

        func validate() throws {
            if since != nil { _ = try from() }
        }

        /// The first day exported (a strict UTC day, as `ticketflow qa --since` reads one).
        func from() throws -> Date {
            guard let since else { return .distantPast }
            guard let day = QASince.day(since) else {
                throw ValidationError("--since must be a date as YYYY-MM-DD, got \(ConfigurationError.quoted(since))")
            }
            return day
        }

        func run() async throws {
            let from = try from()
            let (text, count) = try await CLIServices.with(store) { services in
                let loop = LearningLoop(store: services.store, engines: services.engines)
                let tickets = try await loop.exportTickets(since: from)
                switch format {
                case .csv:
                    let rows = loop.exporter.labeledRows(tickets)
                    return (try TrainingDataExporter.csv(rows), rows.count)
                case .openAIChat:
                    let examples = loop.exporter.chatExamples(tickets)
                    return (try TrainingDataExporter.jsonLines(examples), examples.count)
                }
            }
            if let out {
                do {
                    try Data(text.utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
                } catch {
                    throw CLIFailure("cannot write \(out): \(error.fileSystemReason)")
                }
                FileHandle.standardError.write(
                    Data("wrote \(count) \(format == .csv ? "rows" : "examples") to \(out)\n".utf8))
            } else {
                print(text, terminator: "")
            }
        }
    }
}
