import ArgumentParser
import Hummingbird
import Logging
import TicketflowApp

/// `ticketflow serve`: runs the HTTP server until SIGTERM/SIGINT.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTP API server.",
        discussion: "Stops gracefully on SIGTERM or SIGINT: in-flight requests finish first."
    )

    @OptionGroup var store: StoreOptions

    @Option(help: "Address to listen on (default 127.0.0.1).")
    var host: String?

    @Option(help: "Port to listen on (default 8080).")
    var port: Int?

    @Flag(help: "Seed the demo help center and six demo tickets (both built into the binary) into an empty store.")
    var demo = false

    @Option(help: "Largest accepted request body in bytes (default 1048576).")
    var maxBodyBytes: Int?

    @Option(help: "full (fsync every commit, default) or normal (crash-safe, not power-loss safe).")
    var durability: AppConfiguration.Durability?

    @Option(help: "Least severe log level written (default info).")
    var logLevel: Logger.Level?

    @Option(
        help:
            "inline (answer inside the intake request), queue (answer from the durable work queue) or auto (queue when an LLM is configured; default)."
    )
    var answerMode: AppConfiguration.AnswerMode?
    @Option(
        help: ArgumentHelp(
            "A sentence-encoder model directory (scripts/fetch-encoder.sh DIR): dense and hybrid retrieval.",
            valueName: "dir"))
    var encoder: String?

    @Flag(help: "Mark the console session cookie Secure (serve the console over HTTPS).")
    var secureCookies = false

    @Flag(
        help: ArgumentHelp(
            "Let anyone who can reach this server open tickets and add customer messages without a credential.",
            discussion: "Only needed off loopback: on 127.0.0.1 intake without credentials is allowed anyway."))
    var allowOpenIntake = false

    func run() async throws {
        MallocPolicy.apply()
        let configuration = try store.resolve { configuration in
            if let host { configuration.host = host }
            if let port { configuration.port = port }
            if demo { configuration.demo = true }
            if let maxBodyBytes { configuration.maximumBodyBytes = maxBodyBytes }
            if let durability { configuration.durability = durability }
            if let logLevel { configuration.logLevel = logLevel }
            if let answerMode { configuration.answerMode = answerMode }
            if secureCookies { configuration.secureCookies = true }
            if let encoder { configuration.encoderDirectory = encoder }
            if allowOpenIntake { configuration.openIntake = true }
        }
        try configuration.validateForServing()
        let logger = LoggingBootstrap.logger(level: configuration.logLevel)
        // Before opening the store or saying "listening": a port in use is the
        // most common start-up failure, and it should name the port.
        try await ListenCheck.ensureAvailable(host: configuration.host, port: configuration.port)
        let store = configuration.databaseURL == nil ? configuration.databasePath : "postgresql"
        try await AppServices.with(configuration, logger: logger) { services in
            do {
                // Said once the socket is bound and signal handling is in place, with the real port.
                let application = buildApplication(services, logger: logger) { port in
                    logger.info(
                        "ticketflow listening",
                        metadata: [
                            "address": "http://\(configuration.host):\(port)", "store": "\(store)",
                        ])
                }
                try await application.runService()
            } catch  where ListenCheck.isBindError(error) {
                // Another process took the port between the check and the server's bind.
                throw ListenCheck.failure(error, host: configuration.host, port: configuration.port)
            }
        }
    }
}
