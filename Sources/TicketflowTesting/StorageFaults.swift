import TicketflowApp
import TicketflowSQLite

/// Real storage failures for tests of what operators see: the app's SQLite
/// file capped at its current size, so writes that need room fail with
/// SQLITE_FULL as on a full disk.
public enum StorageFaults {
    /// Caps the services' SQLite store at `extraPages` more pages (nil lifts the cap).
    public static func capGrowth(_ services: AppServices, extraPages: Int?) async throws {
        guard let store = services.store as? SQLiteStore else {
            preconditionFailure(
                "StorageFaults needs the SQLite store; these services run on \(type(of: services.store))")
        }
        try await store.capGrowth(extraPages: extraPages)
    }
}
