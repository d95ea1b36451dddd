/// The knowledge-base storage port: articles (and their chunk vectors) live
/// in the same store as tickets.
public protocol ArticleStore: Sendable {
    /// Every stored article, ordered by id.
    func articles() async throws -> [Article]

    /// One article, or nil.
    func article(id: String) async throws -> Article?

    /// Applies an import plan in one transaction.
    func apply(_ plan: ImportPlan) async throws

    /// Deletes articles (and their vectors) by id; returns how many existed.
    func deleteArticles(ids: [String]) async throws -> Int

    /// Stored chunk vectors, so a restart does not re-embed.
    func chunkVectors() async throws -> [StoredChunkVector]

    /// Replaces the stored vectors with `vectors` (the index's current set).
    func saveChunkVectors(_ vectors: [StoredChunkVector]) async throws
}
