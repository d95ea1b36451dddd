import Hummingbird
import TicketflowCore

/// `/healthz`: 200 `ok` when the store answers and its writes succeed; 200
/// `degraded` with a reason while writes fail (a full disk, I/O errors) or
/// free space is low, since reads and the console still work; 503 when the
/// store does not answer at all.
struct HealthRoutes: Sendable {
    let store: any TicketStore
    /// The store's write-health record; nil reports reads only.
    let health: StoreHealth?
    let version: String

    func register(on router: Router<TicketflowRequestContext>) {
        router.get("healthz", use: health)
    }

    @Sendable func health(_ request: Request, context: TicketflowRequestContext) async throws -> Response {
        let count: Int
        do {
            count = try await store.ticketCount()
        } catch {
            return try JSONBody.response(
                Health(
                    status: "degraded", store: "unavailable", reason: "the store does not answer reads",
                    version: version),
                status: .serviceUnavailable)
        }
        guard let report = health?.report(), report.status == .degraded else {
            return try JSONBody.response(Health(status: "ok", store: "ok", tickets: count, version: version))
        }
        return try JSONBody.response(
            Health(
                status: "degraded", store: "degraded", reason: report.reason, failedWrites: report.failedWrites,
                freeBytes: report.freeBytes, tickets: count, version: version))
    }

    struct Health: Encodable {
        var status: String
        var store: String
        var reason: String?
        var failedWrites: Int?
        var freeBytes: Int64?
        var tickets: Int?
        var version: String

        enum CodingKeys: String, CodingKey {
            case status, store, reason, tickets, version
            case failedWrites = "failed_writes"
            case freeBytes = "free_bytes"
        }
    }
}
