import Foundation
import GRDB
import TicketflowCore

extension SQLiteStore: ModelStore {
    public func saveModel(name: String, data: Data, at now: Date) async throws -> Int64 {
        try await write { db in
            try db.execute(
                sql: "INSERT INTO models (name, data, created_at) VALUES (?, ?, ?)",
                arguments: [name, data, now.timeIntervalSince1970])
            return db.lastInsertedRowID
        }
    }

    public func latestModel(name: String) async throws -> (version: Int64, data: Data)? {
        try await read { db in
            try Row.fetchOne(
                db, sql: "SELECT id, data FROM models WHERE name = ? ORDER BY id DESC LIMIT 1", arguments: [name]
            )
            .map { (version: $0["id"], data: $0["data"]) }
        }
    }
}
