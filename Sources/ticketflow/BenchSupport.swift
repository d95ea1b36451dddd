import Foundation
import Logging
import TicketflowApp

/// What the `bench` commands share: a throwaway store, and elapsed time.
enum BenchSupport {
    /// Runs `body` with the real services on a fresh SQLite store in a
    /// temporary directory (removed afterwards), answering inline, logging errors only.
    /// `configure` changes the configuration last (an LLM endpoint, engine choices).
    static func withFreshStore<T>(
        durability: AppConfiguration.Durability, encoder: String? = nil,
        configure: (inout AppConfiguration) -> Void = { _ in }, _ body: (AppServices) async throws -> T
    ) async throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ticketflow-bench-\(UUID().uuidString)"
        ).path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var configuration = AppConfiguration()
        configuration.dataDirectory = directory
        configuration.durability = durability
        configuration.answerMode = .inline
        configuration.encoderDirectory = encoder
        configure(&configuration)
        try configuration.validate()
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        return try await AppServices.with(configuration, logger: logger, body)
    }

    /// Seconds since `start` on the monotonic clock.
    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let (seconds, atto) = (ContinuousClock.now - start).components
        return Double(seconds) + Double(atto) / 1e18
    }
}
