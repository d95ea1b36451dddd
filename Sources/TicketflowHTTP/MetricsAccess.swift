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
        let header = request.headers[.authorization] ?? ""
        let parts = header.split(separator: " ", maxSplits: 1)
        if parts.count == 2, parts[0].lowercased() == "bearer",
            SecretToken.constantTimeEquals(String(parts[1]).trimmingCharacters(in: .whitespaces), token)
        {
            return
        }
        throw Problem(
            .unauthorized, "unauthorized", "Unauthorized",
            detail: "/metrics needs Authorization: Bearer with the metrics token")
    }
}
