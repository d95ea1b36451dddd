import Foundation
import Logging
import PostgresNIO
import TicketflowCore

/// Throwaway databases on a PostgreSQL server, so every test (and every
/// benchmark run) starts from an empty schema and parallel tests never see
/// each other's rows. Lives here because this is the only target that may
/// speak to PostgreSQL directly.
public enum PostgresScratchDatabase {
    /// Creates a database with a fresh random name on the server of
    /// `serverURL`, runs `body` with its URL, and drops it afterwards.
    public static func with<T>(
        serverURL: String, prefix: String = "tf_test", logger: Logger = Logger(label: "ticketflow.postgres.scratch"),
        isolation: isolated (any Actor)? = #isolation, _ body: (String) async throws -> T
    ) async throws -> T {
        let server = try PostgresURL(parsing: serverURL)
        let name = prefix + "_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await run("CREATE DATABASE \(name)", on: server, logger: logger)
        do {
            let result = try await body(server.with(database: name).text)
            try await drop(name, on: server, logger: logger)
            return result
        } catch {
            try? await drop(name, on: server, logger: logger)
            throw error
        }
    }

    static func drop(_ name: String, on server: PostgresURL, logger: Logger) async throws {
        try await run("DROP DATABASE IF EXISTS \(name) WITH (FORCE)", on: server, logger: logger)
    }

    /// Runs one administrative statement. CREATE/DROP DATABASE cannot take a
    /// bound identifier, so the statement is built from a name this file
    /// generated (letters, digits, underscores), never from input.
    static func run(_ statement: String, on server: PostgresURL, logger: Logger) async throws {
        let store = try PostgresStore(url: server, maximumConnections: 1, logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await store.run() }
            defer { group.cancelAll() }
            _ = try await store.connection { connection in
                try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                return true
            }
        }
    }
}
