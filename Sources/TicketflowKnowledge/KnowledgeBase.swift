import Foundation
import Synchronization
import TicketflowCore

/// The knowledge base as the running system sees it: articles in the store,
/// an in-memory index for retrieval, and a change-feed topic that tells
/// every node (and a server after a CLI import) to reload.
///
/// Chunk vectors are never computed here: a reload loads the stored ones and, when chunks still lack
/// one for this node's embeddings model, enqueues a `kb.embed` job (`EmbeddingJob`) on the work queue.
public final class KnowledgeBase: Sendable {
    /// Change-feed topic bumped on every article change.
    public static let topic = "knowledge"
    /// Change-feed topic bumped after each batch of chunk vectors is stored, so every node loads them.
    public static let vectorsTopic = "knowledge.vectors"

    /// Where articles and the change versions live.
    public let store: any ArticleStore & ChangeFeed
    /// The in-memory index retrieval reads.
    public let index: KnowledgeIndex
    /// Where `kb.embed` jobs go; nil (tests, tools) embeds only when asked (`embedEverything`).
    public let jobs: (any JobQueue)?
    /// Article ids the index holds, so a reload can drop deleted ones.
    private let loaded = Mutex<Set<String>>([])
    /// The `topic` version the index was last loaded at (nil: never).
    let loadedVersion = Mutex<Int64?>(nil)

    /// A knowledge base over `store`, indexed by `index` (call `reloadIndex()` before use), enqueueing
    /// embedding work on `jobs`.
    public init(store: any ArticleStore & ChangeFeed, index: KnowledgeIndex, jobs: (any JobQueue)? = nil) {
        self.store = store
        self.index = index
        self.jobs = jobs
    }

    /// What an import did.
    public struct ImportSummary: Sendable, Equatable, Codable {
        /// Articles that were new.
        public var created: Int
        /// Articles whose content changed.
        public var updated: Int
        /// Articles already stored with the same content.
        public var unchanged: Int
        /// Articles pruned or deleted.
        public var deleted: Int
        /// One line per file or entry that could not be imported.
        public var errors: [String]
    }

    /// Loads every stored article and the stored vectors for this node's embeddings model into the
    /// index, and enqueues a `kb.embed` job when chunks lack a vector or stored vectors are obsolete.
    public func reloadIndex() async throws {
        let version = try await store.changeVersions()[Self.topic] ?? 0
        let articles = try await store.articles()
        let wanted = Set(articles.map(\.id))
        let stale = loaded.withLock { loaded in
            defer { loaded = wanted }
            return loaded.subtracting(wanted)
        }
        if !stale.isEmpty { index.remove(articleIDs: Array(stale)) }
        index.upsert(articles: articles)
        index.dropOrphanVectors()
        loadedVersion.withLock { $0 = version }
        try await loadVectorsAndSchedule(version: version)
    }

    /// Loads the stored vectors this node lacks (another node embedded them), without re-reading articles:
    /// what a node does when `vectorsTopic` moves. Returns how many were loaded.
    @discardableResult
    public func reloadVectors() async throws -> Int {
        guard let model = index.embeddings?.chunkVectorModel else { return 0 }
        return try await loadVectors(stamps: try await store.chunkVectorStamps(), model: model)
    }

    /// Imports already-parsed articles: diff against the store, apply, re-index, notify other nodes.
    ///
    /// `errors` names the entries that could not be read. Pruning is skipped when there are any:
    /// an unreadable entry is missing from `incoming` although its file or upload entry still
    /// exists, so pruning would delete the very article the caller was trying to update.
    public func importArticles(
        _ incoming: [Article], prune: Bool, sourcePrefix: String? = nil, errors: [String] = []
    ) async throws -> ImportSummary {
        let existing = try await store.articles().filter { article in
            sourcePrefix.map { article.source.hasPrefix($0) } ?? true
        }
        var errors = errors
        let pruneSafely = prune && errors.isEmpty
        if prune && !errors.isEmpty {
            let entries = errors.count == 1 ? "1 entry" : "\(errors.count) entries"
            errors.append("prune skipped: \(entries) could not be read, so no article was deleted")
        }
        let plan = ImportPlan.diff(existing: existing, incoming: incoming, prune: pruneSafely)
        try await store.apply(plan)
        if !plan.isEmpty {
            _ = try await store.bumpVersion(of: Self.topic, at: Date())
            try await reloadIndex()
        }
        return ImportSummary(
            created: plan.create.count, updated: plan.update.count, unchanged: plan.unchanged.count,
            deleted: plan.delete.count, errors: errors)
    }

    /// Imports a file or folder from disk.
    public func importPath(
        _ path: String, options: ArticleImportOptions, prune: Bool,
        progress: (@Sendable (ArticleImporter.Progress) -> Void)? = nil
    ) async throws -> ImportSummary {
        let result = ArticleImporter(options: options).importPath(path, progress: progress)
        let root = URL(fileURLWithPath: path).standardizedFileURL.path
        return try await importArticles(
            result.articles.map(Self.withoutNULs), prune: prune, sourcePrefix: root,
            // Each error's message names its file already.
            errors: result.errors.map(\.description))
    }

    /// Files come from outside, like mail: a NUL character means nothing in them, and PostgreSQL
    /// cannot store one (`String.containsNUL`), so it is dropped rather than failing the import.
    static func withoutNULs(_ article: Article) -> Article {
        let texts = [article.id, article.title, article.body, article.category ?? ""] + article.tags
        guard texts.contains(where: \.containsNUL) else { return article }
        return Article(
            id: article.id.removingNULs, title: article.title.removingNULs, category: article.category?.removingNULs,
            tags: article.tags.map(\.removingNULs), body: article.body.removingNULs, source: article.source,
            language: article.language, updatedAt: article.updatedAt, version: article.version)
    }

    /// Deletes articles by id and notifies other nodes.
    public func delete(ids: [String]) async throws -> Int {
        let deleted = try await store.deleteArticles(ids: ids)
        if deleted > 0 {
            index.remove(articleIDs: ids)
            loaded.withLock { $0.subtract(ids) }
            let version = try await store.bumpVersion(of: Self.topic, at: Date())
            // The deleted chunks' vectors are now obsolete: the job removes them.
            try await loadVectorsAndSchedule(version: version)
        }
        return deleted
    }
}
