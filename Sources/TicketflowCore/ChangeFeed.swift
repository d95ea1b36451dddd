import Foundation

/// Version counters in the shared store that tell every node when shared
/// state changed elsewhere: a node that imports knowledge-base articles or
/// swaps a model bumps the topic's version, and every node polls the
/// versions and reloads what moved. Polling (rather than LISTEN/NOTIFY)
/// works the same on SQLite and PostgreSQL and survives reconnects: a
/// missed notification cannot leave a node stale for good.
public protocol ChangeFeed: Sendable {
    /// Increments the version of `topic` (e.g. `knowledge`, `model.triage`) and returns the new version.
    func bumpVersion(of topic: String, at now: Date) async throws -> Int64

    /// Current version of every topic that was ever bumped.
    func changeVersions() async throws -> [String: Int64]
}

/// Remembers which versions a node has loaded and says which topics moved,
/// so the reload loop stays a few lines in the composition root.
public struct ChangeTracker: Sendable, Equatable {
    /// Versions this node has applied, by topic.
    public private(set) var seen: [String: Int64]

    /// A tracker that has applied `seen` (usually the versions read at start-up).
    public init(seen: [String: Int64] = [:]) {
        self.seen = seen
    }

    /// Topics whose version differs from the applied one, sorted; marks them applied.
    public mutating func changedTopics(in current: [String: Int64]) -> [String] {
        let changed = current.filter { seen[$0.key] != $0.value }.keys.sorted()
        for topic in changed { seen[topic] = current[topic] }
        return changed
    }
}
