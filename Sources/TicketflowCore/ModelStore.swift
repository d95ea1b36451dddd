import Foundation

/// Trained model files kept in the shared store, so a model trained or
/// retrained on one node reaches every node (with the change feed's
/// `ModelStore.topic`), and survives the loss of a node's data directory.
public protocol ModelStore: Sendable {
    /// Stores a new version of the named model (`category`, `sentiment`); returns its version.
    func saveModel(name: String, data: Data, at now: Date) async throws -> Int64

    /// The newest version of the named model, or nil when none was saved.
    func latestModel(name: String) async throws -> (version: Int64, data: Data)?
}
