import Hummingbird
import TicketflowCore
import TicketflowHTTP

/// `/console/setup`: the team's setup as the server runs it, for admins.
extension ConsoleRoutes {
    /// Adds the setup page to `router`; `page` is read on every request, so a reloaded model's categories show.
    public func registerSetup(
        on router: Router<TicketflowRequestContext>, page: @escaping @Sendable () -> SetupPageModel
    ) {
        router.group("console").get("setup") { request, context in
            await guarded(request, context) { viewer, _ in
                guard viewer.role.satisfies(.admin) else {
                    throw Problem(.forbidden, "admin-only", "Admins only", detail: "Only admins can see the setup.")
                }
                return renderer.page("setup", frame(title: "Setup", viewer: viewer), page())
            }
        }
    }
}
