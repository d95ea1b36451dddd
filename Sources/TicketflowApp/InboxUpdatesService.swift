import ServiceLifecycle
import TicketflowConsole

/// Runs the inbox's change poll beside the server; on shutdown it ends every open page's stream so the server
/// does not wait on them (the pages reconnect to whichever node is up).
struct InboxUpdatesService: Service {
    let updates: InboxUpdates

    func run() async throws {
        await cancelWhenGracefulShutdown { await updates.run() }
        await updates.closeAll()
    }
}
