import Foundation
import Hummingbird
import TicketflowCore

/// `/v1/deliveries`: how outgoing messages are reaching customers, and
/// sending a failed one again. For agents, like reading tickets.
struct DeliveryRoutes: Sendable {
    let store: any OutboxStore

    func register(on router: Router<TicketflowRequestContext>) {
        let deliveries = router.group("v1/deliveries").add(middleware: RoleGate([.agent]))
        deliveries.get(":id") { _, context in
            let id = try context.positiveID(of: "delivery")
            guard let delivery = try await store.delivery(id: id) else { throw Problem.notFound("no delivery \(id)") }
            return try JSONBody.response(delivery)
        }
        deliveries.post(":id/retry") { _, context in
            let id = try context.positiveID(of: "delivery")
            guard let delivery = try await store.redeliver(id: id, at: Date()) else {
                throw Problem.notFound("no delivery \(id)")
            }
            guard delivery.status == .queued else {
                throw Problem(
                    .conflict, "conflict", "Conflict",
                    detail: "delivery \(id) is \(delivery.status.rawValue); only a failed delivery can be sent again")
            }
            return try JSONBody.response(delivery, status: .accepted)
        }
    }
}
