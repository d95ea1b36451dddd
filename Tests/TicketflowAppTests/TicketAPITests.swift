import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TicketflowApp
import TicketflowCore

@Suite struct TicketAPITests {
    @Test func createsATicketWithConversationAndTrace() async throws {
        try await withTestClient { client, services in
            let response = try await client.post(
                "/v1/tickets",
                #"""
                {"subject":"Refund","body":"Please refund my last invoice","channel":"email",
                 "customer":{"external_id":"c-9","name":"Ann","email":"ann@example.com","plan":"pro"},"tags":["vip"]}
                """#)
            #expect(response.status == .created)
            let body = try json(response)
            let ticket = try #require(body["ticket"] as? [String: Any])
            let id = try #require(ticket["id"] as? Int)
            #expect(response.headers[.location] == "/v1/tickets/\(id)")
            #expect(ticket["subject"] as? String == "Refund")
            #expect(ticket["channel"] as? String == "email")
            #expect((body["customer"] as? [String: Any])?["plan"] as? String == "pro")
            #expect(
                (body["messages"] as? [[String: Any]])?.first?["body"] as? String == "Please refund my last invoice")
            let trace = try #require(body["trace"] as? [[String: Any]])
            #expect(!trace.isEmpty)
            #expect(trace.allSatisfy { $0["stage"] is String && $0["engine"] is String && $0["duration_ms"] is Double })
            // Durable: the store has it.
            #expect(try await services.store.ticketDetail(id: Int64(id))?.ticket.tags == ["vip"])
        }
    }

    @Test func idempotencyKeyRepeatReturnsSameTicket() async throws {
        try await withTestClient { client, services in
            var headers = jsonHeaders
            headers[HTTPField.Name("Idempotency-Key")!] = "abc-123"
            let first = try await client.post("/v1/tickets", #"{"body":"hello"}"#, headers: headers)
            let second = try await client.post("/v1/tickets", #"{"body":"hello"}"#, headers: headers)
            #expect(first.status == .created)
            #expect(second.status == .ok)
            #expect(second.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            let firstID = (try json(first)["ticket"] as? [String: Any])?["id"] as? Int
            let secondID = (try json(second)["ticket"] as? [String: Any])?["id"] as? Int
            #expect(firstID != nil && firstID == secondID)
            try expectProblem(
                try await client.post("/v1/tickets", #"{"body":"different"}"#, headers: headers), .conflict, "conflict")
            #expect(try await services.store.ticketCount() == 1)
        }
    }

    @Test func externalIDRepeatReturnsSameTicket() async throws {
        try await withTestClient { client, services in
            let first = try await client.post("/v1/tickets", #"{"body":"a","external_id":"zd-7"}"#)
            let second = try await client.post("/v1/tickets", #"{"body":"a","external_id":"zd-7"}"#)
            #expect(first.status == .created && second.status == .ok)
            #expect(try await services.store.ticketCount() == 1)
        }
    }

    @Test func continuesAConversation() async throws {
        try await withTestClient { client, services in
            let created = try json(try await client.post("/v1/tickets", #"{"body":"My export fails"}"#))
            let id = try #require((created["ticket"] as? [String: Any])?["id"] as? Int)
            let reply = try await client.post("/v1/tickets/\(id)/messages", #"{"body":"Still failing today"}"#)
            #expect(reply.status == .created)
            let agent = try await client.post(
                "/v1/tickets/\(id)/messages", #"{"body":"Looking into it","author":"agent"}"#,
                headers: try await services.bearer(.agent))
            let detail = try json(agent)
            let messages = try #require(detail["messages"] as? [[String: Any]])
            #expect(messages.map { $0["author"] as? String } == ["customer", "customer", "agent"])
            #expect((detail["ticket"] as? [String: Any])?["first_response_at"] is String)
            // The pipeline re-ran for the customer's reply, not for the agent's.
            let trace = try #require(detail["trace"] as? [[String: Any]])
            let runs = trace.filter { $0["stage"] as? String == (trace.first?["stage"] as? String) }
            #expect(runs.count == 2)
            try expectProblem(
                try await client.post("/v1/tickets/\(id)/messages", #"{"body":"x","author":"ai"}"#),
                .unprocessableContent, "validation-failed")
            try expectProblem(
                try await client.post("/v1/tickets/999999/messages", #"{"body":"x"}"#), .notFound, "not-found")
        }
    }

    @Test func showsAndListsWithCursor() async throws {
        try await withTestClient { client, services in
            for index in 0..<5 {
                _ = try await client.post("/v1/tickets", #"{"body":"ticket \#(index)"}"#)
            }
            var cursor: String?
            var subjects: [String] = []
            repeat {
                let uri = "/v1/tickets?limit=2" + (cursor.map { "&cursor=\($0)" } ?? "")
                let page = try json(try await client.get(uri, asAgentOf: services))
                subjects += (page["tickets"] as? [[String: Any]] ?? []).compactMap { $0["subject"] as? String }
                cursor = page["next_cursor"] as? String
            } while cursor != nil
            #expect(subjects == (0..<5).reversed().map { "ticket \($0)" })
            let one = try await client.get("/v1/tickets/1", asAgentOf: services)
            #expect(one.status == .ok)
            #expect((try json(one)["ticket"] as? [String: Any])?["subject"] as? String == "ticket 0")
            let closed = try json(try await client.get("/v1/tickets?status=closed", asAgentOf: services))
            #expect((closed["tickets"] as? [Any])?.isEmpty == true)
            #expect(closed["next_cursor"] is NSNull)
        }
    }

    @Test func healthReportsTheStore() async throws {
        try await withTestClient { client, _ in
            let response = try await client.get("/healthz")
            #expect(response.status == .ok)
            #expect(try json(response)["status"] as? String == "ok")
        }
    }
}
