import Foundation
import Logging
import NIOSSL
import PostgresNIO
import ServiceLifecycle
import TicketflowCore

/// The store for several nodes sharing one PostgreSQL database. It owns a
/// PostgresClient (a connection pool) that only works while `run()` runs:
/// add the store to a ServiceGroup, or use `withPostgresStore(url:)`.
public final class PostgresStore: Sendable, Service {
    let client: PostgresClient
    let logger: Logger
    /// Longest wait for the server before a call fails with `unavailable`, in seconds.
    let requestTimeout: Double
    /// Where it connects (password included; use `url.redactedText` in logs).
    public let url: PostgresURL
    /// How write transactions have been going, for `/healthz`.
    public let health = StoreHealth()

    /// A store for `url`; nothing connects until `run()` is running.
    public convenience init(
        url: String, maximumConnections: Int = 20, requestTimeout: Double = 30,
        logger: Logger = Logger(label: "ticketflow.postgres")
    ) throws {
        try self.init(
            url: PostgresURL(parsing: url), maximumConnections: maximumConnections, requestTimeout: requestTimeout,
            logger: logger)
    }

    /// A store for a parsed URL; nothing connects until `run()` is running.
    public init(
        url: PostgresURL, maximumConnections: Int = 20, requestTimeout: Double = 30,
        logger: Logger = Logger(label: "ticketflow.postgres")
    ) throws {
        let tls: PostgresClient.Configuration.TLS
        switch url.sslMode {
        case .disable: tls = .disable
        case .prefer: tls = .prefer(.makeClientConfiguration())
        case .require: tls = .require(.makeClientConfiguration())
        }
        var configuration = PostgresClient.Configuration(
            host: url.host, port: url.port, username: url.username, password: url.password,
            database: url.database, tls: tls)
        configuration.options.maximumConnections = max(1, maximumConnections)
        configuration.options.connectTimeout = .seconds(5)
        self.url = url
        self.logger = logger
        self.requestTimeout = max(0.1, requestTimeout)
        client = PostgresClient(configuration: configuration, backgroundLogger: logger)
    }

    /// Runs the connection pool until the task is cancelled (ServiceLifecycle `Service`).
    public func run() async throws {
        await client.run()
    }

    /// Runs `body` on one pooled connection inside a transaction, mapping
    /// database failures to StoreError and retrying lost races (a concurrent
    /// insert of the same key, a deadlock) a few times. Its outcome feeds the
    /// write-health recorder.
    func transaction<T: Sendable>(
        _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        var attempt = 0
        while true {
            attempt += 1
            do {
                let value = try await Self.unavailableAfter(seconds: self.requestTimeout, what: "transaction") {
                    do {
                        return try await self.client.withTransaction(logger: self.logger) { connection in
                            try await body(connection)
                        }
                    } catch let error as PostgresTransactionError {
                        // The failing step (our closure's StoreError or RaceLost, a
                        // failed COMMIT) decides what the caller sees.
                        throw error.closureError ?? error.commitError ?? error.beginError ?? error
                    }
                }
                health.recordWriteSuccess()
                return value
            } catch let error as any StoreAnswer {
                throw error
            } catch let error as PSQLError where Self.isUnstorableText(error) {
                // Bad input, not a storage failure: the store's health is unchanged.
                throw Self.unstorableText
            } catch  where attempt < 4 && Self.isRetryable(error) {
                continue
            } catch {
                if let failure = Self.failure(of: error) { health.recordWriteFailure(failure) }
                throw Self.storeError(error, doing: "transaction")
            }
        }
    }

    /// Runs `body` on one pooled connection without a transaction (reads).
    func connection<T: Sendable>(
        _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        do {
            return try await Self.unavailableAfter(seconds: self.requestTimeout, what: "query") {
                try await self.client.withConnection { connection in try await body(connection) }
            }
        } catch let error as any StoreAnswer {
            throw error
        } catch let error as PSQLError where Self.isUnstorableText(error) {
            throw Self.unstorableText
        } catch {
            throw Self.storeError(error, doing: "query")
        }
    }

    /// The pool waits for a server that does not answer; a caller gets a
    /// clear `unavailable` instead of hanging.
    static func unavailableAfter<T: Sendable>(
        seconds: Double, what: String, _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        try await withDeadline(seconds: seconds, orThrow: NoAnswer(what: what, seconds: seconds), body)
    }

    /// Text PostgreSQL refuses to hold: a NUL (22021 character_not_in_repertoire) or a character
    /// the database encoding lacks (22P05). The entrances keep NULs out (`String.containsNUL`);
    /// this catches any path that lets one through, so it is a 422 and not a failing store.
    static func isUnstorableText(_ error: PSQLError) -> Bool {
        ["22021", "22P05"].contains(error.serverInfo?[.sqlState] ?? "")
    }

    static let unstorableText = ValidationError(
        field: "text", "holds a character the database cannot store (a NUL character)")

    static func isRetryable(_ error: any Error) -> Bool {
        if error is RaceLost { return true }
        guard let error = error as? PSQLError, let state = error.serverInfo?[.sqlState] else { return false }
        // unique_violation, serialization_failure, deadlock_detected
        return ["23505", "40001", "40P01"].contains(state)
    }

    static func storeError(_ error: any Error, doing what: String) -> StoreError {
        if let error = error as? RaceLost { return StoreError(.conflict, error.reason) }
        if let error = error as? NoAnswer { return StoreError(.unavailable, error.description) }
        guard let error = error as? PSQLError else {
            return StoreError(.unavailable, "database \(what) failed: \(error)")
        }
        if let info = error.serverInfo {
            let state = info[.sqlState] ?? "?"
            return StoreError(
                .unavailable, "database \(what) failed: \(info[.message] ?? "server error") (SQLSTATE \(state))")
        }
        return StoreError(.unavailable, "database \(what) failed: PostgreSQL unreachable (\(error.code))")
    }
}

/// Thrown inside a transaction when a concurrent writer inserted the same
/// unique key first; the transaction is rolled back and retried, and the
/// retry finds the winner's row.
struct RaceLost: Error {
    var reason: String
}

/// Runs `body` with a migrated PostgresStore whose pool runs for exactly as
/// long as the closure (CLI commands, tests, `serve` wrapping its ServiceGroup).
public func withPostgresStore<T>(
    url: String, maximumConnections: Int = 20, requestTimeout: Double = 30,
    logger: Logger = Logger(label: "ticketflow.postgres"),
    isolation: isolated (any Actor)? = #isolation,
    _ body: (PostgresStore) async throws -> T
) async throws -> T {
    let store = try PostgresStore(
        url: url, maximumConnections: maximumConnections, requestTimeout: requestTimeout, logger: logger)
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await store.run() }
        defer { group.cancelAll() }
        try await store.checkFirstConnection()
        try await store.migrate()
        return try await body(store)
    }
}
