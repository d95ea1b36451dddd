import Foundation
import PostgresNIO
import TicketflowCore

/// Trained models shared by every node.
extension PostgresStore: ModelStore {
    public func saveModel(name: String, data: Data, at now: Date) async throws -> Int64 {
        let logger = self.logger
        let bytes = ByteBuffer(bytes: data)
        return try await transaction { connection in
            try await Self.firstValue(
                connection.query(
                    "INSERT INTO models (name, data, created_at) VALUES (\(name), \(bytes), \(now.timeIntervalSince1970)) RETURNING id",
                    logger: logger), Int64.self) ?? 0
        }
    }

    public func latestModel(name: String) async throws -> (version: Int64, data: Data)? {
        let logger = self.logger
        return try await connection { connection in
            let rows = try await connection.query(
                "SELECT id, data FROM models WHERE name = \(name) ORDER BY id DESC LIMIT 1", logger: logger)
            var result: (version: Int64, data: Data)?
            for try await (id, bytes) in rows.decode((Int64, ByteBuffer).self) where result == nil {
                result = (id, Data(bytes.readableBytesView))
            }
            return result
        }
    }
}
