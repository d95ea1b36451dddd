import Foundation
import PostgresNIO
import TicketflowCore

/// Version counters every node polls to notice knowledge-base and model
/// changes made on another node. The upsert is one atomic statement, so
/// concurrent bumps on different nodes each get their own version.
extension PostgresStore: ChangeFeed {
    public func bumpVersion(of topic: String, at now: Date) async throws -> Int64 {
        let logger = self.logger
        return try await connection { connection in
            try await Self.firstValue(
                connection.query(
                    """
                    INSERT INTO change_versions (topic, version, updated_at) VALUES (\(topic), 1, \(now.timeIntervalSince1970))
                    ON CONFLICT (topic) DO UPDATE SET version = change_versions.version + 1,
                        updated_at = EXCLUDED.updated_at
                    RETURNING version
                    """, logger: logger), Int64.self) ?? 0
        }
    }

    public func changeVersions() async throws -> [String: Int64] {
        let logger = self.logger
        return try await connection { connection in
            var versions: [String: Int64] = [:]
            let rows = try await connection.query("SELECT topic, version FROM change_versions", logger: logger)
            for try await (topic, version) in rows.decode((String, Int64).self) { versions[topic] = version }
            return versions
        }
    }
}
