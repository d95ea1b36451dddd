import Foundation
import Hummingbird
import TicketflowAuth
import TicketflowCore

/// Who may scrape `/metrics`. Without a metrics token it is open (it holds
/// counts and timings, no ticket text); with one, a scraper sends it as a
/// bearer token (Prometheus `authorization` in `scrape_config`), and agents
/// and admins may look too.
enum MetricsAccess {
    static func check(_ request: Request, _ context: TicketflowRequestContext, token: String?) throws {
        guard let token else { return }
        if let identity = context.identity, identity.role.satisfies(.agent) { return }
        if let secret = AuthMiddleware.bearerSecret(request), SecretToken.constantTimeEquals(secret, token) { return }
        throw Problem(
            .unauthorized, "unauthorized", "Unauthorized",
            detail: "/metrics needs Authorization: Bearer with the metrics token")
    }
}
