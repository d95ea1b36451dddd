import ArgumentParser
import Foundation
import Logging
import TicketflowApp

/// The `ticketflow` command tree.
@main
struct TicketflowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ticketflow",
        abstract: "Self-hosted AI customer-support pipeline: triage, answer from your knowledge base, escalate the rest.",
        discussion: """
            Settings come from defaults, then an optional JSON config file (--config or \
            TICKETFLOW_CONFIG), then TICKETFLOW_* environment variables, then flags.
            """,
        version: AppServices.version,
        subcommands: [
            ServeCommand.self, TicketCommand.self, TriageCommand.self, KnowledgeCommand.self, ModelCommand.self,
            BenchCommand.self, ExportCommand.self, QACommand.self,
            UserCommand.self, TokenCommand.self,
        ]
    )
}

/// Options every command that opens the store shares.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "JSON config file (default: $TICKETFLOW_CONFIG if set).")
    var config: String?

    @Option(name: .long, help: "Directory holding the database and models (default ./ticketflow-data).")
    var dataDir: String?

    @Option(name: .long, help: "postgres://user:pass@host:port/db to use PostgreSQL instead of SQLite.")
    var databaseURL: String?

    /// Resolves the configuration once, in the executable, as STYLE.md asks.
    func resolve(_ apply: (inout AppConfiguration) throws -> Void = { _ in }) throws -> AppConfiguration {
        do {
            var configuration = try AppConfiguration.load(
                environment: ProcessInfo.processInfo.environment, configFile: config)
            if let dataDir { configuration.dataDirectory = dataDir }
            if let databaseURL { configuration.databaseURL = databaseURL }
            try apply(&configuration)
            try configuration.validate()
            return configuration
        } catch let error as ConfigurationError {
            throw ValidationError(error.description)
        }
    }
}

/// Logging is bootstrapped once per process, here and nowhere else.
enum LoggingBootstrap {
    static func logger(level: Logger.Level) -> Logger {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        return Logger(label: "ticketflow")
    }
}
