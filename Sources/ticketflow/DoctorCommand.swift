import ArgumentParser
import Foundation
import Logging
import TicketflowApp

/// `ticketflow doctor`: one line per check with what to do; exits non-zero when a check fails.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check configuration, store, permissions and LLM endpoints before serving.",
        discussion: """
            Prints one line per check (OK, WARN or FAIL) with what to do about it, and exits 1 \
            when any check fails. It takes the same settings as `serve` (config file, environment, flags).
            """)

    @OptionGroup var store: StoreOptions

    @Option(help: "The address serve will listen on (default: the configured host).")
    var host: String?

    @Flag(help: "Skip the checks that call the LLM and embeddings endpoints.")
    var offline = false

    @Flag(help: "Check as if serve had --allow-open-intake.")
    var allowOpenIntake = false

    func run() async throws {
        let configuration: AppConfiguration
        do {
            configuration = try store.resolve { configuration in
                if let host { configuration.host = host }
                if allowOpenIntake { configuration.openIntake = true }
            }
            print(Doctor.Check(name: "configuration", status: .ok, detail: "settings are valid").line)
        } catch {
            print(Doctor.Check(name: "configuration", status: .fail, detail: "\(error)").line)
            throw ExitCode.failure
        }
        let logger = LoggingBootstrap.logger(level: .critical)
        let checks = await Doctor(configuration: configuration).run(offline: offline, logger: logger)
        for check in checks { print(check.line) }
        let failed = checks.filter { $0.status == .fail }.count
        let warned = checks.filter { $0.status == .warn }.count
        print("\(checks.count) checks: \(failed) failed, \(warned) warnings")
        if failed > 0 { throw ExitCode.failure }
    }
}
