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
    /// How writes have been going, for `/healthz`.
    public let health: StoreHealth

    /// Opens (creating if needed, owner-only) the database at `path`, refuses
    /// a damaged or half-copied one, and migrates it. Free space below
    /// `minimumFreeBytes` where it lives reports the store as degraded.
    public init(
        path: String, durability: Durability = .full,
        minimumFreeBytes: Int64 = StoreHealth.defaultMinimumFreeBytes
    ) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = \(durability == .full ? "FULL" : "NORMAL")")
        }
        try Self.refuseOrphanedLog(databaseAt: path)
        try Self.restrictPermissions(databaseAt: path)
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw Self.openFailure(error, path: path)
        }
        try Self.verifyIntegrity(pool, path: path)
        do {
            try Self.migrator.migrate(pool)
        } catch {
            throw Self.openFailure(error, path: path)
        }
        self.path = path
        let directory = (path as NSString).deletingLastPathComponent
        health = StoreHealth(
            freeSpace: { Self.freeBytes(in: directory.isEmpty ? "." : directory) }, minimumFreeBytes: minimumFreeBytes)
        batcher = WriteBatcher(pool: pool, health: health)
    }

    /// Opens the default database file inside a data directory, creating the
    /// directory readable by the owner only.
    public static func open(
        dataDirectory: String, durability: Durability = .full,
        minimumFreeBytes: Int64 = StoreHealth.defaultMinimumFreeBytes
    ) throws -> SQLiteStore {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: dataDirectory, isDirectory: &isFolder), !isFolder.boolValue {
            throw StoreError(.unavailable, "the data directory \(dataDirectory) is a file, not a folder")
        }
        do {
            try FileManager.default.createDirectory(
                atPath: dataDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700]
            )
        } catch {
            throw StoreError(
                .unavailable, "cannot create the data directory \(dataDirectory): \(error.fileSystemReason)")
        }
        return try SQLiteStore(
            path: databasePath(dataDirectory: dataDirectory), durability: durability,
            minimumFreeBytes: minimumFreeBytes)
    }

    /// The database file inside a data directory.
    public static func databasePath(dataDirectory: String) -> String {
        dataDirectory + "/ticketflow.sqlite"
    }

    /// Names of applied migrations, oldest first.
    public func appliedMigrations() throws -> [String] {
        try pool.read { db in try Self.migrator.appliedMigrations(db) }
    }
}
