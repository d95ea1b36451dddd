import Foundation
import GRDB
import TicketflowCore

/// The embedded store: one SQLite file in WAL mode, read concurrently and
/// written by one connection at a time (GRDB's DatabasePool).
public final class SQLiteStore: Sendable {
    /// How hard a commit waits for the disk.
    public enum Durability: String, Sendable {
        /// fsync on every commit: acknowledged tickets survive power loss.
        case full
        /// fsync at WAL checkpoints only: survives a process crash, not power loss.
        case normal
    }

    let pool: DatabasePool
    let batcher: WriteBatcher
    /// Path of the database file.
    public let path: String

    /// Opens (creating if needed) the database at `path` and migrates it.
    public init(path: String, durability: Durability = .full) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = \(durability == .full ? "FULL" : "NORMAL")")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(pool)
        } catch {
            throw StoreError(.unavailable, "cannot open the database at \(path): \(error)")
        }
        self.path = path
        batcher = WriteBatcher(pool: pool)
    }

    /// Opens the default database file inside a data directory, creating the directory.
    public static func open(dataDirectory: String, durability: Durability = .full) throws -> SQLiteStore {
        do {
            try FileManager.default.createDirectory(
                atPath: dataDirectory, withIntermediateDirectories: true
            )
        } catch {
            throw StoreError(.unavailable, "cannot create the data directory \(dataDirectory): \(error)")
        }
        return try SQLiteStore(path: dataDirectory + "/ticketflow.sqlite", durability: durability)
    }

    /// Names of applied migrations, oldest first.
    public func appliedMigrations() throws -> [String] {
        try pool.read { db in try Self.migrator.appliedMigrations(db) }
    }
}
