import Foundation
import GRDB
import TicketflowCore

/// Closing the file cleanly, and a size cap for storage-failure drills.
extension SQLiteStore {
    /// Checkpoints the write-ahead log into the database file, empties the
    /// log, and closes every connection: the main file alone then holds
    /// every commit. The store cannot be used afterwards.
    public func close() throws {
        do {
            try pool.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
            try pool.close()
        } catch {
            throw StoreError(.unavailable, "cannot close the database at \(path): \(Self.checkFailure(error))")
        }
    }

    /// Caps the database at its current size plus `extraPages` pages (nil
    /// lifts the cap), so a write that needs more room fails with SQLITE_FULL
    /// exactly as on a full disk: for drills of what operators and `/healthz`
    /// see, and for tests. The cap lasts until lifted or the store is reopened.
    public func capGrowth(extraPages: Int?) async throws {
        try await pool.writeWithoutTransaction { db in
            guard let extraPages else {
                // SQLite's own ceiling (the largest page number it allows).
                try db.execute(sql: "PRAGMA max_page_count = 4294967294")
                return
            }
            let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            try db.execute(sql: "PRAGMA max_page_count = \(pages + max(0, extraPages))")
        }
    }
}
