import Foundation
import TicketflowCore
import TicketflowPostgres
import TicketflowSQLite

/// `ticketflow backup`: an online copy of the SQLite store; PostgreSQL has
/// its own tool for that (pg_dump), which the command names instead.
public enum StoreBackup {
    /// What happened.
    public enum Outcome: Sendable, Equatable {
        /// The copy was written: where, its size in bytes, and the tickets in it.
        case written(path: String, bytes: Int64, tickets: Int)
        /// The store is PostgreSQL: run this pg_dump command instead (no password in it).
        case usePgDump(command: String)
    }

    /// Backs up the configured store to `destination`; an existing file is
    /// refused unless `overwrite`. Safe while a server runs on the same store.
    public static func run(
        _ configuration: AppConfiguration, to destination: String, overwrite: Bool
    ) throws -> Outcome {
        if let url = configuration.databaseURL {
            return .usePgDump(command: try pgDumpCommand(url: url, destination: destination))
        }
        let database = configuration.databasePath
        guard FileManager.default.fileExists(atPath: database) else {
            throw StoreError(.notFound, "no database at \(database): nothing to back up (is --data-dir right?)")
        }
        if FileManager.default.fileExists(atPath: destination), !overwrite {
            throw StoreError(
                .conflict, "\(destination) already exists; choose a new file, or pass --force to replace it")
        }
        let store = try SQLiteStore.open(
            dataDirectory: configuration.dataDirectory, durability: configuration.storeDurability)
        let summary = try store.backup(to: destination, overwrite: overwrite)
        return .written(path: summary.path, bytes: summary.bytes, tickets: summary.tickets)
    }

    /// The pg_dump command for the configured database, its password left to
    /// PGPASSWORD or ~/.pgpass so it never lands in shell history.
    static func pgDumpCommand(url: String, destination: String) throws -> String {
        var parsed = try PostgresURL(parsing: url)
        parsed.password = nil
        return "pg_dump --format=custom --file=\(shellQuoted(destination)) --dbname=\(shellQuoted(parsed.text))"
    }

    static func shellQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
