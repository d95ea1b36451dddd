import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TicketflowApp
import TicketflowCore

/// `GET /v1/events` and `GET /v1/tickets?updated_since=` over real HTTP:
/// pollers follow a cursor instead of rescanning every ticket.
@Suite struct EventFeedAPITests {
    @Test func anAgentFollowsTheFeedWithItsCursor() async throws {
        try await withTestClient(.live) { client, services in
            let created = try await client.post(
                "/v1/tickets", #"{"subject":"Card","body":"My card was charged twice","external_id":"e1"}"#)
            #expect(created.status == .created)
            let ticketID = try #require((try json(created)["ticket"] as? [String: Any])?["id"] as? Int)

            try expectProblem(try await client.get("/v1/events"), .unauthorized, "unauthorized")
            try expectProblem(
                try await client.send(.get, "/v1/events", headers: try await services.bearer(.api)), .forbidden,
                "forbidden")
            let agent = try await services.bearer(.agent)
            let first = try json(try await client.send(.get, "/v1/events", headers: agent))
            let events = try #require(first["events"] as? [[String: Any]])
            let types = events.compactMap { $0["type"] as? String }
            // Created, then escalated (no knowledge base here, so a person answers), then the message.
            #expect(types == ["ticket.created", "ticket.escalated", "message.created"])
            #expect(events.allSatisfy { $0["ticket_id"] as? Int == ticketID })
            let message = events[2]
            #expect((message["data"] as? [String: Any])?["author"] as? String == "customer")
            #expect(message["message_id"] is Int && message["created_at"] is String)
            let cursor = try #require(first["next_cursor"] as? String)
            #expect(cursor == String(try #require(events.last?["id"] as? Int)))

            // Nothing new: no events, and the same cursor to ask with again.
            let idle = try json(try await client.send(.get, "/v1/events?after=\(cursor)", headers: agent))
            #expect((idle["events"] as? [Any])?.isEmpty == true && idle["next_cursor"] as? String == cursor)

            // A follow-up shows up after the cursor, and only it.
            #expect(
                try await client.post("/v1/tickets/\(ticketID)/messages", #"{"body":"Any news?"}"#).status == .created)
            let next = try json(try await client.send(.get, "/v1/events?after=\(cursor)&limit=1", headers: agent))
            let added = try #require(next["events"] as? [[String: Any]])
            #expect(added.count == 1 && added[0]["type"] as? String == "message.created")

            for bad in ["after=-1", "after=abc", "limit=0", "limit=501"] {
                let response = try await client.send(.get, "/v1/events?\(bad)", headers: agent)
                #expect(response.status == .badRequest, "\(bad)")
            }
        }
    }

    @Test func ticketsUpdatedSinceATime() async throws {
        try await withTestClient(.live) { client, services in
            let agent = try await services.bearer(.agent)
            #expect(try await client.post("/v1/tickets", #"{"body":"Where is my parcel?"}"#).status == .created)
            let past = try json(
                try await client.send(.get, "/v1/tickets?updated_since=2020-01-01T00:00:00Z", headers: agent))
            #expect((past["tickets"] as? [Any])?.count == 1)
            let future = try json(
                try await client.send(.get, "/v1/tickets?updated_since=2099-01-01T00:00:00.000Z", headers: agent))
            #expect((future["tickets"] as? [Any])?.isEmpty == true)
            try expectProblem(
                try await client.send(.get, "/v1/tickets?updated_since=yesterday", headers: agent), .badRequest,
                "invalid-parameter")
        }
    }
}
