/// What a (re-)import must do to the stored knowledge base, decided by
/// comparing content hashes; applying it makes importing the same files twice a no-op.
public struct ImportPlan: Sendable, Equatable {
    /// New ids: insert.
    public var create: [Article]
    /// Known ids whose content changed: save, with `version` already bumped.
    public var update: [Article]
    /// Known ids with identical content: skip.
    public var unchanged: [Article]
    /// Stored articles absent from this import, when pruning was asked for.
    public var delete: [Article]

    /// Creates a plan from its four lists.
    public init(create: [Article] = [], update: [Article] = [], unchanged: [Article] = [], delete: [Article] = []) {
        self.create = create
        self.update = update
        self.unchanged = unchanged
        self.delete = delete
    }

    /// True when applying the plan would change nothing.
    public var isEmpty: Bool { create.isEmpty && update.isEmpty && delete.isEmpty }

    /// Compares `incoming` with `existing` by id and content hash. Pass as
    /// `existing` only the articles this import is responsible for (for example
    /// those whose `source` lies under the imported folder): with `prune`, every
    /// one of them missing from `incoming` is planned for deletion. When
    /// `incoming` repeats an id, the last one wins.
    public static func diff(existing: [Article], incoming: [Article], prune: Bool) -> ImportPlan {
        var plan = ImportPlan()
        let stored = Dictionary(existing.map { ($0.id, $0) }, uniquingKeysWith: { _, last in last })
        var latest: [String: Article] = [:]
        var order: [String] = []
        for article in incoming {
            if latest.updateValue(article, forKey: article.id) == nil { order.append(article.id) }
        }
        for id in order {
            guard var article = latest[id] else { continue }
            article.contentHash = article.computedContentHash()
            guard let old = stored[id] else {
                plan.create.append(article)
                continue
            }
            if old.contentHash == article.contentHash {
                plan.unchanged.append(old)
            } else {
                article.version = old.version + 1
                plan.update.append(article)
            }
        }
        if prune {
            plan.delete = existing.filter { latest[$0.id] == nil }
        }
        return plan
    }
}
