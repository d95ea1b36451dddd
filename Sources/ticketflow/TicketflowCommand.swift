import ArgumentParser
import Foundation
import Logging
import TicketflowApp
import TicketflowCore

/// The `ticketflow` command tree.
@main
struct TicketflowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ticketflow",
        abstract:
            "Self-hosted AI customer-support pipeline: triage, answer from your knowledge base, escalate the rest.",
        discussion: """
            Settings come from defaults, then an optional JSON config file (--config or \
            TICKETFLOW_CONFIG), then TICKETFLOW_* environment variables, then flags.
            """,
        version: AppServices.version,
        subcommands: [
            ServeCommand.self, TicketCommand.self, TriageCommand.self, KnowledgeCommand.self, ModelCommand.self,
            BenchCommand.self, ExportCommand.self, QACommand.self,
            UserCommand.self, TokenCommand.self, BackupCommand.self, DoctorCommand.self,
        ]
    )

    /// True for what ArgumentParser reports itself: usage mistakes found by
    /// `validate()` or `run()`, `--help` and `--version` requests, exit codes.
    static func isArgumentParserError(_ error: any Error) -> Bool {
        error is ArgumentParser.ValidationError || error is CleanExit || error is ExitCode
            || String(reflecting: type(of: error)).hasPrefix("ArgumentParser.")
    }

    /// One prefix for every error line, ArgumentParser's usage errors and ours.
    static var _errorPrefix: String { "error: " }

    /// Parses and runs a command. A mistake in the command line gets the
    /// usage text (ArgumentParser's handling); a failure while running
    /// (store, file, network) gets one `error:` line and exit code 1, since
    /// the usage text would only hide what went wrong.
    static func main() async {
        var command: any ParsableCommand
        do {
            command = try await asyncParseAsRoot()
        } catch {
            exitEscaped(error)
        }
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch  where isArgumentParserError(error) {
            exitEscaped(error)
        } catch {
            let line = "\(CLIFailure(error))".escapingControlCharacters(keeping: ["\n"])
            FileHandle.standardError.write(Data("error: \(line)\n".utf8))
            exit(withError: ExitCode.failure)
        }
    }

    /// ArgumentParser's own handling, with the value it echoes ("The value '…' is invalid") escaped
    /// like the `error:` lines above. Help and version requests print as they are.
    static func exitEscaped(_ error: any Error) -> Never {
        let code = exitCode(for: error)
        guard code != .success else { exit(withError: error) }
        let message = fullMessage(for: error).escapingControlCharacters(keeping: ["\n"])
        if !message.isEmpty { FileHandle.standardError.write(Data((message + "\n").utf8)) }
        Foundation.exit(code.rawValue)
    }
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
            // Settings also come from the environment and a config file, so
            // this is not a command-line mistake: one line, no usage text.
            throw CLIFailure(error)
        }
    }
}

/// Logging is bootstrapped once per process, here and nowhere else.
enum LoggingBootstrap {
    static func logger(level: Logger.Level) -> Logger {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            // Personal data never reaches the log stream, whatever a caller logs.
            return RedactingLogHandler(handler)
        }
        return Logger(label: "ticketflow")
    }
}
