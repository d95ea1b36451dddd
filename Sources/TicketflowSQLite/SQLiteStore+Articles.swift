import Foundation
import GRDB
import TicketflowCore
import TicketflowKnowledge

extension SQLiteStore: ArticleStore {
    public func articles() async throws -> [Article] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM articles ORDER BY id").map(Self.article(from:))
        }
    }

    public func article(id: String) async throws -> Article? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM articles WHERE id = ?", arguments: [id]).map(Self.article(from:))
        }
    }

    public func apply(_ plan: ImportPlan) async throws {
        guard !plan.isEmpty else { return }
        try await write { db in
            for article in plan.create + plan.update {
                try db.execute(
                    sql: """
                        INSERT INTO articles (id, title, category, tags, body, source, language, updated_at,
                            version, content_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT(id) DO UPDATE SET title = excluded.title, category = excluded.category,
                            tags = excluded.tags, body = excluded.body, source = excluded.source,
                            language = excluded.language, updated_at = excluded.updated_at,
                            version = excluded.version, content_hash = excluded.content_hash
                        """,
                    arguments: [
                        article.id, article.title, article.category, try JSONColumn.encode(article.tags),
                        article.body, article.source, article.language,
                        article.updatedAt.timeIntervalSince1970, article.version, article.contentHash,
                    ])
            }
            for article in plan.delete {
                try db.execute(sql: "DELETE FROM articles WHERE id = ?", arguments: [article.id])
            }
        }
    }

    public func deleteArticles(ids: [String]) async throws -> Int {
        try await write { db in
            var deleted = 0
            for id in ids {
                try db.execute(sql: "DELETE FROM articles WHERE id = ?", arguments: [id])
                deleted += db.changesCount
            }
            return deleted
        }
    }

    public func chunkVectors() async throws -> [StoredChunkVector] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM chunk_vectors ORDER BY chunk_id").map { row in
                let blob: Data = row["vector"]
                let vector = blob.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
                return StoredChunkVector(
                    chunkID: row["chunk_id"], contentHash: row["content_hash"], model: row["model"], vector: vector)
            }
        }
    }

    public func saveChunkVectors(_ vectors: [StoredChunkVector]) async throws {
        try await write { db in
            try db.execute(sql: "DELETE FROM chunk_vectors")
            for stored in vectors {
                let blob = stored.vector.withUnsafeBufferPointer { Data(buffer: $0) }
                try db.execute(
                    sql: "INSERT INTO chunk_vectors (chunk_id, content_hash, model, vector) VALUES (?, ?, ?, ?)",
                    arguments: [stored.chunkID, stored.contentHash, stored.model, blob])
            }
        }
    }

    static func article(from row: Row) throws -> Article {
        var article = Article(
            id: row["id"], title: row["title"], category: row["category"], tags: try JSONColumn.decode(row["tags"]),
            body: row["body"], source: row["source"], language: row["language"],
            updatedAt: date(row["updated_at"]), version: row["version"])
        article.contentHash = row["content_hash"]
        return article
    }
}
