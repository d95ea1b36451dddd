import Foundation
import GRDB
import TicketflowCore

/// Online backup: SQLite's backup API copies the pages of one read snapshot,
/// so the copy is consistent (every committed ticket whole, nothing half
/// written) while the server keeps writing; in WAL mode the read does not
/// block writers.
extension SQLiteStore {
    /// What a backup wrote.
    public struct BackupSummary: Sendable, Equatable {
        /// The backup file.
        public var path: String
        /// Its size in bytes.
        public var bytes: Int64
        /// Tickets in the copy, counted from the copy itself.
        public var tickets: Int
    }

    /// Copies the database to a new file at `destination`, readable by the
    /// owner only, and checks the copy. An existing file is refused unless
    /// `overwrite`; then it (and any -wal/-shm beside it) is replaced.
    public func backup(to destination: String, overwrite: Bool = false) throws -> BackupSummary {
        let files = FileManager.default
        if files.fileExists(atPath: destination) {
            guard overwrite else {
                throw StoreError(.conflict, "\(destination) already exists; refusing to overwrite it")
            }
        }
        // A stale log beside the target would be replayed onto the copy when it is opened.
        for file in [destination, destination + "-wal", destination + "-shm", destination + "-journal"]
        where files.fileExists(atPath: file) {
            do {
                try files.removeItem(atPath: file)
            } catch {
                throw StoreError(.unavailable, "cannot replace \(file): \(error.fileSystemReason)")
            }
        }
        guard files.createFile(atPath: destination, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw StoreError(.unavailable, "cannot create \(destination): is its directory there and writable?")
        }
        do {
            let copy = try DatabaseQueue(path: destination)
            try pool.backup(to: copy)
            let (problems, tickets) = try copy.read { db in
                (
                    try String.fetchAll(db, sql: "PRAGMA quick_check(5)"),
                    try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tickets") ?? 0
                )
            }
            try copy.close()
            guard problems == ["ok"] else {
                throw StoreError(.unavailable, "the copy failed its check: \(problems.joined(separator: "; "))")
            }
            return BackupSummary(path: destination, bytes: Self.fileSize(destination) ?? 0, tickets: tickets)
        } catch {
            // A partial copy must not be mistaken for a backup.
            for file in [destination, destination + "-wal", destination + "-shm", destination + "-journal"] {
                try? files.removeItem(atPath: file)
            }
            if let error = error as? StoreError { throw error }
            throw StoreError(.unavailable, "backup to \(destination) failed: \(Self.checkFailure(error))")
        }
    }
}
