import Foundation
import PostgresNIO
import TicketflowCore
import TicketflowKnowledge

/// Knowledge-base articles and their chunk vectors, shared by every node.
extension PostgresStore: ArticleStore {
    public func articles() async throws -> [Article] {
        let logger = self.logger
        return try await connection { connection in
            try await Self.all(
                connection.query("SELECT * FROM articles ORDER BY id", logger: logger), Self.article(from:))
        }
    }

    public func article(id: String) async throws -> Article? {
        let logger = self.logger
        return try await connection { connection in
            try await Self.first(connection.query("SELECT * FROM articles WHERE id = \(id)", logger: logger))
                .map(Self.article(from:))
        }
    }

    public func apply(_ plan: ImportPlan) async throws {
        guard !plan.isEmpty else { return }
        let logger = self.logger
        try await transaction { connection in
            for article in plan.create + plan.update {
                let tags = try JSONColumn.encode(article.tags)
                let updated = article.updatedAt.timeIntervalSince1970
                try await connection.query(
                    """
                    INSERT INTO articles (id, title, category, tags, body, source, language, updated_at, version, content_hash)
                    VALUES (\(article.id), \(article.title), \(article.category), \(tags), \(article.body),
                        \(article.source), \(article.language), \(updated), \(Int64(article.version)), \(article.contentHash))
                    ON CONFLICT (id) DO UPDATE SET title = EXCLUDED.title, category = EXCLUDED.category,
                        tags = EXCLUDED.tags, body = EXCLUDED.body, source = EXCLUDED.source,
                        language = EXCLUDED.language, updated_at = EXCLUDED.updated_at,
                        version = EXCLUDED.version, content_hash = EXCLUDED.content_hash
                    """, logger: logger)
            }
            for article in plan.delete {
                try await connection.query("DELETE FROM articles WHERE id = \(article.id)", logger: logger)
            }
        }
    }

    public func deleteArticles(ids: [String]) async throws -> Int {
        let logger = self.logger
        return try await transaction { connection in
            var deleted = 0
            for id in ids {
                let rows = try await connection.query(
                    "DELETE FROM articles WHERE id = \(id) RETURNING id", logger: logger)
                for try await _ in rows { deleted += 1 }
            }
            return deleted
        }
    }

    public func chunkVectors() async throws -> [StoredChunkVector] {
        let logger = self.logger
        return try await connection { connection in
            var vectors: [StoredChunkVector] = []
            let rows = try await connection.query(
                "SELECT chunk_id, content_hash, model, vector FROM chunk_vectors ORDER BY chunk_id", logger: logger)
            for try await (chunkID, hash, model, bytes) in rows.decode((String, String, String, ByteBuffer).self) {
                let vector = bytes.readableBytesView.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
                vectors.append(StoredChunkVector(chunkID: chunkID, contentHash: hash, model: model, vector: vector))
            }
            return vectors
        }
    }

    public func saveChunkVectors(_ vectors: [StoredChunkVector]) async throws {
        let logger = self.logger
        try await transaction { connection in
            try await connection.query("DELETE FROM chunk_vectors", logger: logger)
            for stored in vectors {
                let bytes = stored.vector.withUnsafeBufferPointer { ByteBuffer(bytes: UnsafeRawBufferPointer($0)) }
                try await connection.query(
                    """
                    INSERT INTO chunk_vectors (chunk_id, content_hash, model, vector)
                    VALUES (\(stored.chunkID), \(stored.contentHash), \(stored.model), \(bytes))
                    """, logger: logger)
            }
        }
    }

    static func article(from row: PostgresRandomAccessRow) throws -> Article {
        var article = Article(
            id: try row["id"].decode(String.self), title: try row["title"].decode(String.self),
            category: try row["category"].decode(String?.self),
            tags: try JSONColumn.decode(row["tags"].decode(String.self)), body: try row["body"].decode(String.self),
            source: try row["source"].decode(String.self), language: try row["language"].decode(String.self),
            updatedAt: date(try row["updated_at"].decode(Double.self)),
            version: Int(try row["version"].decode(Int64.self)))
        article.contentHash = try row["content_hash"].decode(String.self)
        return article
    }
}
