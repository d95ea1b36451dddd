import Foundation
import PostgresNIO
import TicketflowCore
import TicketflowKnowledge

/// Knowledge-base articles and their chunk vectors, shared by every node.
extension PostgresStore: ArticleStore {
    public func articles() async throws -> [Article] {
        let logger = self.logger
        return try await connection { connection in
            try await Self.articles(
                connection.query("SELECT \(unescaped: Self.articleColumns) FROM articles ORDER BY id", logger: logger))
        }
    }

    public func article(id: String) async throws -> Article? {
        let logger = self.logger
        return try await connection { connection in
            try await Self.articles(
                connection.query(
                    "SELECT \(unescaped: Self.articleColumns) FROM articles WHERE id = \(id)", logger: logger)
            ).first
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

    public func chunkVectors(ids: [String]) async throws -> [StoredChunkVector] {
        guard !ids.isEmpty else { return [] }
        let logger = self.logger
        return try await connection { connection in
            try await Self.chunkVectors(
                connection.query(
                    """
                    SELECT chunk_id, content_hash, model, vector FROM chunk_vectors
                    WHERE chunk_id = ANY(\(ids)) ORDER BY chunk_id
                    """, logger: logger))
        }
    }

    public func chunkVectorStamps() async throws -> [StoredVectorStamp] {
        let logger = self.logger
        return try await connection { connection in
            let rows = try await connection.query(
                "SELECT chunk_id, content_hash, model FROM chunk_vectors ORDER BY chunk_id", logger: logger)
            var stamps: [StoredVectorStamp] = []
            for try await (chunkID, hash, model) in rows.decode((String, String, String).self) {
                stamps.append(StoredVectorStamp(chunkID: chunkID, contentHash: hash, model: model))
            }
            return stamps
        }
    }

    public func upsertChunkVectors(_ vectors: [StoredChunkVector]) async throws {
        guard !vectors.isEmpty else { return }
        let logger = self.logger
        try await transaction { connection in
            for stored in vectors {
                let bytes = stored.vector.withUnsafeBufferPointer { ByteBuffer(bytes: UnsafeRawBufferPointer($0)) }
                try await connection.query(
                    """
                    INSERT INTO chunk_vectors (chunk_id, content_hash, model, vector)
                    VALUES (\(stored.chunkID), \(stored.contentHash), \(stored.model), \(bytes))
                    ON CONFLICT (chunk_id) DO UPDATE SET content_hash = EXCLUDED.content_hash,
                        model = EXCLUDED.model, vector = EXCLUDED.vector
                    """, logger: logger)
            }
        }
    }

    public func deleteChunkVectors(ids: [String]) async throws -> Int {
        guard !ids.isEmpty else { return 0 }
        let logger = self.logger
        return try await connection { connection in
            let rows = try await connection.query(
                "DELETE FROM chunk_vectors WHERE chunk_id = ANY(\(ids)) RETURNING chunk_id", logger: logger)
            var deleted = 0
            for try await _ in rows { deleted += 1 }
            return deleted
        }
    }

    /// Vectors from rows of (chunk_id, content_hash, model, vector), decoded as typed tuples.
    static func chunkVectors(_ rows: PostgresRowSequence) async throws -> [StoredChunkVector] {
        var vectors: [StoredChunkVector] = []
        for try await (chunkID, hash, model, bytes) in rows.decode((String, String, String, ByteBuffer).self) {
            let vector = bytes.readableBytesView.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
            vectors.append(StoredChunkVector(chunkID: chunkID, contentHash: hash, model: model, vector: vector))
        }
        return vectors
    }

    /// The article columns `articles(_:)` reads, in `ArticleColumns` order.
    static let articleColumns =
        "id, title, category, tags, body, source, language, updated_at, version, content_hash"

    /// The types of `articleColumns`.
    typealias ArticleColumns = (String, String, String?, String, String, String, String, Double, Int64, String)

    /// Articles from rows of `articleColumns`, decoded as typed tuples.
    static func articles(_ rows: PostgresRowSequence) async throws -> [Article] {
        var articles: [Article] = []
        for try await (id, title, category, tags, body, source, language, updated, version, hash)
            in rows.decode(ArticleColumns.self)
        {
            var article = Article(
                id: id, title: title, category: category, tags: try JSONColumn.decode(tags), body: body,
                source: source, language: language, updatedAt: date(updated), version: Int(version))
            article.contentHash = hash
            articles.append(article)
        }
        return articles
    }
}
