import ServiceLifecycle
import TicketflowEscalation

/// Runs the escalation packager beside the server. On graceful shutdown it
/// stops taking packages and returns once the queued ones are saved, so a
/// SIGTERM loses none that were handed over.
struct EscalationPackagerService: Service {
    let packager: EscalationPackager

    func run() async throws {
        await withGracefulShutdownHandler {
            await packager.run()
        } onGracefulShutdown: {
            packager.finish()
        }
    }
}
