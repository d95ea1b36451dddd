/// The knowledge-base storage port: articles (and their chunk vectors) live
/// in the same store as tickets.
public protocol ArticleStore: Sendable {
    /// Every stored article, ordered by id.
    func articles() async throws -> [Article]

    /// One article, or nil.
    func article(id: String) async throws -> Article?

    /// Applies an import plan in one transaction.
    func apply(_ plan: ImportPlan) async throws

    /// Deletes articles by id; returns how many existed. Their chunk vectors go with the next embedding job.
    func deleteArticles(ids: [String]) async throws -> Int

    /// The stored vectors of `ids` (those that have one), ordered by chunk id.
    func chunkVectors(ids: [String]) async throws -> [StoredChunkVector]

    /// What every stored vector was computed from (chunk, content hash, model), without the vectors:
    /// enough to tell which chunks still need one, at a fraction of the bytes.
    func chunkVectorStamps() async throws -> [StoredVectorStamp]

    /// Stores `vectors` in one transaction, replacing any vector already stored for the same chunk
    /// (one vector per chunk: another model's or the chunk's old content's is overwritten).
    func upsertChunkVectors(_ vectors: [StoredChunkVector]) async throws

    /// Deletes the vectors of `ids`; returns how many existed.
    func deleteChunkVectors(ids: [String]) async throws -> Int
}
