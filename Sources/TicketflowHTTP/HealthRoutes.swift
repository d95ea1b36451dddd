import Hummingbird
import TicketflowCore

/// `/healthz`: 200 when the store answers, 503 when it does not.
struct HealthRoutes: Sendable {
    let store: any TicketStore
    let version: String

    func register(on router: Router<TicketflowRequestContext>) {
        router.get("healthz", use: health)
    }

    @Sendable func health(_ request: Request, context: TicketflowRequestContext) async throws -> Response {
        do {
            let count = try await store.ticketCount()
            return try JSONBody.response(Health(status: "ok", store: "ok", tickets: count, version: version))
        } catch {
            return try JSONBody.response(
                Health(status: "degraded", store: "unavailable", tickets: nil, version: version),
                status: .serviceUnavailable)
        }
    }

    struct Health: Encodable {
        var status: String
        var store: String
        var tickets: Int?
        var version: String
    }
}
