import Foundation
import GRDB
import TicketflowCore

/// Checks made before the store serves anything: a damaged or half-copied
/// database must stop the start with a message that names the file and what
/// to do, not start empty or fail every write later. Also the files'
/// permissions: tickets hold customers' messages, so only the owner may read them.
extension SQLiteStore {
    /// What the operator does about a damaged database, in every refusal.
    static func restoreAdvice(_ path: String) -> String {
        "Stop Ticketflow and restore the latest backup (`ticketflow backup`; see docs/operations.md, "
            + "\"Backup and restore\"): move \(path), \(path)-wal and \(path)-shm aside, copy the backup to \(path), "
            + "start again."
    }

    /// Refuses a database file that is missing or empty while its write-ahead
    /// log holds data: the main file was truncated or copied without its
    /// pages, and SQLite would otherwise start on an empty database.
    static func refuseOrphanedLog(databaseAt path: String) throws {
        guard let walSize = fileSize(path + "-wal"), walSize > 0 else { return }
        let size = fileSize(path)
        guard size == nil || size == 0 else { return }
        let state = size == nil ? "is missing" : "is empty (0 bytes)"
        throw StoreError(
            .unavailable,
            "refusing to open \(path): the database file \(state) but its write-ahead log \(path)-wal holds "
                + "\(walSize) bytes, so the database was truncated or copied without its main file, and would "
                + "start empty. \(restoreAdvice(path)) To start with an empty store instead, move \(path)-wal "
                + "and \(path)-shm aside.")
    }

    /// Creates the database file readable and writable by the owner only
    /// (SQLite gives the -wal and -shm files it creates the same mode), or
    /// takes group and other access away from existing ones.
    static func restrictPermissions(databaseAt path: String) throws {
        // Empty when created, so no data is readable before the mode is set.
        if fileSize(path) == nil,
            !FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        {
            throw StoreError(.unavailable, "cannot create the database file \(path): is its directory writable?")
        }
        for file in [path, path + "-wal", path + "-shm"] {
            var status = stat()
            // Another owner's file stays as it is; SQLite reports if it cannot use it.
            guard stat(file, &status) == 0, status.st_uid == geteuid(), status.st_mode & 0o077 != 0 else { continue }
            chmod(file, status.st_mode & 0o700)
        }
    }

    /// `PRAGMA quick_check` (the page and b-tree structure, without the
    /// slower index cross-check of integrity_check): a damaged page refuses
    /// the start instead of failing writes one by one later.
    static func verifyIntegrity(_ pool: DatabasePool, path: String) throws {
        let problems: [String]
        do {
            problems = try pool.read { db in try String.fetchAll(db, sql: "PRAGMA quick_check(5)") }
        } catch {
            // A damaged b-tree can stop the check itself with SQLITE_CORRUPT.
            guard let failure = failure(of: error), failure.kind == .corrupt else {
                throw damaged(path, because: "its integrity check could not run (\(checkFailure(error)))")
            }
            throw damaged(path, because: "its integrity check found damage: \(failure.detail)")
        }
        guard problems != ["ok"] else { return }
        throw damaged(path, because: "its integrity check found damage: \(problems.joined(separator: "; "))")
    }

    /// A refusal for an open that failed; a damaged file gets the restore advice.
    static func openFailure(_ error: any Error, path: String) -> StoreError {
        if let error = error as? StoreError { return error }
        if let failure = failure(of: error), failure.kind == .corrupt {
            return damaged(path, because: "it is not a readable SQLite database (\(failure.detail))")
        }
        return StoreError(.unavailable, "cannot open the database at \(path): \(error)")
    }

    static func damaged(_ path: String, because reason: String) -> StoreError {
        StoreError(
            .unavailable,
            "refusing to open \(path): \(reason). \(restoreAdvice(path)) "
                + "Without a backup, `sqlite3 \(path) .recover | sqlite3 recovered.sqlite` salvages what it can.")
    }

    static func checkFailure(_ error: any Error) -> String {
        failure(of: error)?.detail ?? "\(error)"
    }

    static func fileSize(_ path: String) -> Int64? {
        var status = stat()
        return stat(path, &status) == 0 ? Int64(status.st_size) : nil
    }
}
