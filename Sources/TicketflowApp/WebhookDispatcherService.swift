import Foundation
import Logging
import ServiceLifecycle
import TicketflowCore
import TicketflowWebhooks

/// Runs the webhook dispatcher beside the server on every node: subscriptions
/// are leased, so each goes out from one node at a time. It looks again at
/// once after a run that delivered something, and otherwise every `interval`.
struct WebhookDispatcherService: Service {
    let dispatcher: WebhookDispatcher
    let logger: Logger
    var interval: Duration = .seconds(1)

    static let workerID = "\(ProcessInfo.processInfo.hostName)-\(getpid())-\(UUID().uuidString.prefix(8))"

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            var delivered = 0
            do {
                delivered = try await dispatcher.runOnce(shouldContinue: { !Task.isShuttingDownGracefully })
            } catch {
                logger.warning("webhook dispatch failed", metadata: ["error": "\(error)"])
            }
            if delivered == 0 {
                // The wait ends on SIGTERM too, so an idle server stops at once.
                await cancelWhenGracefulShutdown { try? await Task.sleep(for: interval) }
            }
        }
    }
}
