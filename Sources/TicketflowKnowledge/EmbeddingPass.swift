/// What one run of the embedding work did (`KnowledgeBase.runEmbedding`), for the job's log and tests.
public struct EmbeddingPass: Sendable, Equatable {
    /// Chunks embedded and stored in this run.
    public var embedded = 0
    /// Chunks still lacking a vector when the run stopped (its time slice ran out).
    public var remaining = 0
    /// Obsolete vectors deleted: of chunks that are gone (run once nothing remains).
    public var removed = 0
    /// True when a newer knowledge version started a chain of its own, so this one did nothing.
    public var superseded = false

    /// An empty report.
    public init(embedded: Int = 0, remaining: Int = 0, removed: Int = 0, superseded: Bool = false) {
        self.embedded = embedded
        self.remaining = remaining
        self.removed = removed
        self.superseded = superseded
    }
}
