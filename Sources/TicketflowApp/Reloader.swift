import Foundation
import Logging
import ServiceLifecycle
import TicketflowCore
import TicketflowKnowledge

/// Keeps a running node current without a restart: reloads the knowledge
/// index when any node (or the CLI) changed articles, and swaps in trained
/// models or a new priority matrix when their files change.
struct Reloader: Service {
    let engines: Engines
    let changes: any ChangeFeed
    /// Where published models live (the same store); nil skips model reloads.
    var models: (any ModelStore)?
    let logger: Logger
    var interval: Duration = .seconds(2)

    func run() async throws {
        // Cancelled on SIGTERM, so the sleep between checks does not hold up a shutdown.
        await cancelWhenGracefulShutdown { await watch() }
    }

    private func watch() async {
        var tracker = ChangeTracker(seen: (try? await changes.changeVersions()) ?? [:])
        var modelStamps = modelFileStamps()
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: interval)
            } catch {
                return
            }
            do {
                let moved = tracker.changedTopics(in: try await changes.changeVersions())
                if moved.contains(KnowledgeBase.topic) {
                    try await engines.knowledge.reloadIndex()
                    logger.info("knowledge index reloaded")
                } else if moved.contains(KnowledgeBase.vectorsTopic) {
                    // A node stored a batch of chunk vectors (a reload above loads them too).
                    try await engines.knowledge.reloadVectors()
                }
                if moved.contains(Engines.modelsTopic), let models {
                    try await engines.loadSharedModels(from: models)
                    logger.info("triage models reloaded from the shared store")
                }
                let stamps = modelFileStamps()
                if stamps != modelStamps {
                    modelStamps = stamps
                    try engines.loadTrainedModels(logger: logger)
                    logger.info("triage models reloaded")
                }
            } catch {
                // A failed reload keeps the engines that were working.
                logger.warning("reload failed; keeping the current engines", metadata: ["error": "\(error)"])
            }
        }
    }

    func modelFileStamps() -> [String: Date] {
        var stamps: [String: Date] = [:]
        for path in [engines.categoryModelPath, engines.sentimentModelPath, engines.matrixPath] {
            if let date = try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date {
                stamps[path] = date
            }
        }
        return stamps
    }
}
