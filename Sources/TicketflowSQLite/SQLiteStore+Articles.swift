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

    public func chunkVectors(ids: [String]) async throws -> [StoredChunkVector] {
        let ids = Array(Set(ids))
        guard !ids.isEmpty else { return [] }
        return try await read { db in
            // One statement per few hundred ids keeps under SQLite's bound-parameter limit.
            var vectors: [StoredChunkVector] = []
            for start in stride(from: 0, to: ids.count, by: 500) {
                let slice = Array(ids[start..<min(start + 500, ids.count)])
                let marks = Array(repeating: "?", count: slice.count).joined(separator: ", ")
                vectors += try Row.fetchAll(
                    db,
                    sql: "SELECT chunk_id, content_hash, model, vector FROM chunk_vectors WHERE chunk_id IN (\(marks))",
                    arguments: StatementArguments(slice)
                ).map(Self.chunkVector(from:))
            }
            return vectors.sorted { $0.chunkID < $1.chunkID }
        }
    }

    public func chunkVectorStamps() async throws -> [StoredVectorStamp] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT chunk_id, content_hash, model FROM chunk_vectors ORDER BY chunk_id").map {
                StoredVectorStamp(chunkID: $0["chunk_id"], contentHash: $0["content_hash"], model: $0["model"])
            }
        }
    }

    public func upsertChunkVectors(_ vectors: [StoredChunkVector]) async throws {
        guard !vectors.isEmpty else { return }
        try await write { db in
            for stored in vectors {
                let blob = stored.vector.withUnsafeBufferPointer { Data(buffer: $0) }
                try db.execute(
                    sql: """
                        INSERT INTO chunk_vectors (chunk_id, content_hash, model, vector) VALUES (?, ?, ?, ?)
                        ON CONFLICT(chunk_id) DO UPDATE SET content_hash = excluded.content_hash,
                            model = excluded.model, vector = excluded.vector
                        """,
                    arguments: [stored.chunkID, stored.contentHash, stored.model, blob])
            }
        }
    }

    public func deleteChunkVectors(ids: [String]) async throws -> Int {
        guard !ids.isEmpty else { return 0 }
        return try await write { db in
            var deleted = 0
            for id in ids {
                try db.execute(sql: "DELETE FROM chunk_vectors WHERE chunk_id = ?", arguments: [id])
                deleted += db.changesCount
            }
            return deleted
        }
    }

    static func chunkVector(from row: Row) -> StoredChunkVector {
        let blob: Data = row["vector"]
        let vector = blob.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        return StoredChunkVector(
            chunkID: row["chunk_id"], contentHash: row["content_hash"], model: row["model"], vector: vector)
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
