import Foundation
import Hummingbird
import Logging
import TicketflowApp
import TicketflowCore
import TicketflowMetrics
import TicketflowSQLite

/// Builds the real application on a temporary data directory, the same way
/// `ticketflow serve` does.
public enum TestApp {
    /// Services on a fresh SQLite file in `dataDirectory`; metrics go to
    /// `metrics` (a test's own `TestMetrics`), or else to a registry of their own.
    public static func services(
        dataDirectory: String, logger: Logger = TestApp.logger, metrics: MetricsExporter? = nil,
        configure: (inout AppConfiguration) -> Void = { _ in }
    ) async throws -> AppServices {
        var configuration = Self.configuration(dataDirectory: dataDirectory)
        configure(&configuration)
        try configuration.validate()
        let store = try SQLiteStore.open(dataDirectory: dataDirectory, durability: .normal)
        return try await AppServices.assemble(configuration, store: store, logger: logger, metrics: metrics)
    }

    /// The settings tests run with: port 0, fast password hashing, no nightly jobs.
    public static func configuration(dataDirectory: String) -> AppConfiguration {
        var configuration = AppConfiguration()
        configuration.dataDirectory = dataDirectory
        configuration.port = 0
        configuration.durability = .normal
        // bcrypt at cost 4 keeps sign-in tests fast; production enforces ≥ 10.
        configuration.passwordHashCost = 4
        configuration.allowWeakPasswordHashing = true
        // No nightly QA or retraining job appears in tests' queues unless a test asks for one.
        configuration.qaHour = nil
        configuration.retrainHour = nil
        configuration.jobPurgeHour = nil
        return configuration
    }

    /// A quiet logger for tests.
    public static var logger: Logger {
        var logger = Logger(label: "ticketflow-test")
        logger.logLevel = .critical
        return logger
    }

    /// The application as `serve` would run it.
    public static func application(_ services: AppServices, logger: Logger = TestApp.logger) -> some ApplicationProtocol
    {
        buildApplication(services, logger: logger)
    }
}
