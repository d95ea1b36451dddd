import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TicketflowApp
import TicketflowCore

/// The same API over real HTTP on loopback.
@Suite struct LiveServerTests {
    @Test func intakeAndReadOverLoopback() async throws {
        try await withTestClient(.live) { client, services in
            let created = try await client.post("/v1/tickets", #"{"body":"Over the wire","external_id":"live-1"}"#)
            #expect(created.status == .created)
            let id = try #require((try json(created)["ticket"] as? [String: Any])?["id"] as? Int)
            let read = try await client.get("/v1/tickets/\(id)", asAgentOf: services)
            #expect(read.status == .ok)
            // Reading tickets needs an agent, even on an open loopback intake.
            try expectProblem(try await client.get("/v1/tickets/\(id)"), .unauthorized, "unauthorized")
            try expectProblem(try await client.post("/v1/tickets", "{oops"), .badRequest, "malformed-json")
            // Concurrent deliveries of one external id still make one ticket.
            try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for _ in 0..<10 {
                    group.addTask {
                        try await client.post("/v1/tickets", #"{"body":"dup","external_id":"live-2"}"#).status
                    }
                }
                var statuses: [HTTPResponse.Status] = []
                for try await status in group { statuses.append(status) }
                #expect(statuses.filter { $0 == .created }.count == 1)
                #expect(statuses.filter { $0 == .ok }.count == 9)
            }
            #expect(try await services.store.ticketCount() == 2)
        }
    }
}
