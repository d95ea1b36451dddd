import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TicketflowApp
import TicketflowAuth
import TicketflowCore
import TicketflowEscalation

/// Every agent action through `/v1/agent`, on the real application and store.
@Suite struct AgentAPITests {
    @Test func sendDraftAfterClaimAndRelabelRecordsEverything() async throws {
        try await withTestClient { client, services in
            let agent = try await services.bearer(.agent, name: "ann")
            let id = try await services.seedReviewTicket()
            let claimed = try json(try await client.send(.post, "/v1/agent/tickets/\(id)/claim", headers: agent))
            #expect((claimed["ticket"] as? [String: Any])?["assignee"] as? String == "token:ann-agent")

            let relabelled = try await client.send(
                .post, "/v1/agent/tickets/\(id)/relabel", headers: agent,
                body: #"{"category":"account","urgency":2}"#)
            #expect(relabelled.status == .ok)
            #expect((try json(relabelled)["ticket"] as? [String: Any])?["category"] as? String == "account")

            let sent = try json(try await client.send(.post, "/v1/agent/tickets/\(id)/send", headers: agent))
            let ticket = try #require(sent["ticket"] as? [String: Any])
            #expect(ticket["status"] as? String == "resolved")
            let reply = try #require((sent["messages"] as? [[String: Any]])?.last)
            #expect(reply["author"] as? String == "agent")
            #expect((reply["body"] as? String)?.hasPrefix("1. Open Settings") == true)
            #expect(sent["draft"] == nil, "the draft is gone once sent")

            // Sending twice is refused, not a second reply.
            try expectProblem(
                try await client.send(.post, "/v1/agent/tickets/\(id)/send", headers: agent), .conflict, "conflict")

            let events = try json(try await client.send(.get, "/v1/agent/tickets/\(id)/events", headers: agent))
            let kinds = (events["events"] as? [[String: Any]])?.compactMap { $0["kind"] as? String }
            #expect(kinds == ["claim", "relabel", "send_draft"])
            #expect(
                (events["events"] as? [[String: Any]])?.allSatisfy {
                    $0["actor"] as? String == "token:ann-agent" && $0["created_at"] is String
                } == true)

            let feedback = try json(
                try await client.send(.get, "/v1/agent/feedback?since=2000-01-01T00:00:00Z", headers: agent))
            let records = try #require(feedback["records"] as? [[String: Any]])
            #expect(records.compactMap { $0["kind"] as? String } == ["relabel", "approve"])
            #expect(
                records[0]["old_category"] as? String == "billing" && records[0]["new_category"] as? String == "account"
            )
            #expect(records[0]["old_urgency"] as? Int == 4 && records[0]["new_urgency"] as? Int == 2)
            #expect(records[1]["final_text"] as? String == records[1]["original_draft"] as? String)
        }
    }

    @Test func editEscalateCloseHandBackReleaseAndAssign() async throws {
        try await withTestClient { client, services in
            let agent = try await services.bearer(.agent, name: "bob")
            let admin = try await services.bearer(.admin, name: "lead")
            _ = try await services.accounts.createUser(
                email: "lead@example.com", name: "Lead", role: .admin, password: "0123456789ab")

            let edited = try await services.seedReviewTicket()
            let sent = try json(
                try await client.send(
                    .post, "/v1/agent/tickets/\(edited)/edit", headers: agent,
                    body: #"{"body":"Refund issued, sorry for the trouble."}"#))
            #expect(
                (sent["messages"] as? [[String: Any]])?.last?["body"] as? String
                    == "Refund issued, sorry for the trouble.")
            let record = try #require(try await services.store.feedbackRecords(since: .distantPast, limit: 10).first)
            #expect(record.kind == .edit && record.finalText == "Refund issued, sorry for the trouble.")
            #expect(record.originalDraft?.hasPrefix("1. Open Settings") == true && record.agent == "token:bob-agent")

            let escalated = try await services.seedReviewTicket()
            let up = try json(
                try await client.send(
                    .post, "/v1/agent/tickets/\(escalated)/escalate", headers: agent,
                    body: #"{"note":"refund over limit","assignee":"lead@example.com"}"#))
            #expect((up["ticket"] as? [String: Any])?["status"] as? String == "escalated")
            #expect((up["ticket"] as? [String: Any])?["route"] as? String == "human_now")
            #expect((up["ticket"] as? [String: Any])?["assignee"] as? String == "lead@example.com")
            // Now the lead's: the agent can no longer act on it.
            try expectProblem(
                try await client.send(.post, "/v1/agent/tickets/\(escalated)/close", headers: agent), .conflict,
                "conflict")
            // An admin reassigns it back; the agent closes it with tags.
            let assigned = try await client.send(
                .post, "/v1/agent/tickets/\(escalated)/assign", headers: admin,
                body: #"{"assignee":"lead@example.com"}"#)
            #expect(assigned.status == .ok)
            try expectProblem(
                try await client.send(
                    .post, "/v1/agent/tickets/\(escalated)/assign", headers: agent,
                    body: #"{"assignee":"lead@example.com"}"#), .forbidden, "forbidden")
            try expectProblem(
                try await client.send(
                    .post, "/v1/agent/tickets/\(escalated)/assign", headers: admin,
                    body: #"{"assignee":"nobody@example.com"}"#), .unprocessableContent, "validation-failed")

            let closing = try await services.seedReviewTicket()
            let closed = try json(
                try await client.send(
                    .post, "/v1/agent/tickets/\(closing)/close", headers: agent,
                    body: #"{"tags":["refund","VIP"]}"#))
            #expect((closed["ticket"] as? [String: Any])?["status"] as? String == "closed")
            #expect((closed["ticket"] as? [String: Any])?["tags"] as? [String] == ["refund", "vip"])
            try expectProblem(
                try await client.send(
                    .post, "/v1/agent/tickets/\(closing)/edit", headers: agent,
                    body: #"{"body":"late"}"#), .conflict, "conflict")
            // A note still goes on a closed ticket, as an event only.
            let noted = try await client.send(
                .post, "/v1/agent/tickets/\(closing)/note", headers: agent,
                body: #"{"note":"Refund confirmed by bank"}"#)
            #expect(noted.status == .ok)
            #expect((try json(noted)["ticket"] as? [String: Any])?["status"] as? String == "closed")
            let events = try await services.store.ticketEvents(ticketID: closing)
            #expect(events.last?.kind == .note && events.last?.details["note"] == "Refund confirmed by bank")
            try expectProblem(
                try await client.send(
                    .post, "/v1/agent/tickets/\(closing)/note", headers: agent, body: #"{"note":""}"#),
                .unprocessableContent, "validation-failed")

            let returned = try await services.seedReviewTicket()
            _ = try await client.send(.post, "/v1/agent/tickets/\(returned)/claim", headers: agent)
            let back = try json(try await client.send(.post, "/v1/agent/tickets/\(returned)/hand-back", headers: agent))
            #expect((back["ticket"] as? [String: Any])?["status"] as? String == "triaged")
            #expect((back["ticket"] as? [String: Any])?["assignee"] == nil)
            // The conversation continues with the AI: the next customer message runs the pipeline over all of it.
            let reply = try await client.post("/v1/tickets/\(returned)/messages", #"{"body":"Any news on my refund?"}"#)
            #expect(reply.status == .created)
            let trace = try #require(try json(reply)["trace"] as? [[String: Any]])
            #expect(trace.contains { $0["stage"] as? String == "triage" })
            #expect((try json(reply)["messages"] as? [[String: Any]])?.count ?? 0 >= 2)

            let released = try await services.seedReviewTicket()
            _ = try await client.send(.post, "/v1/agent/tickets/\(released)/claim", headers: agent)
            let free = try json(try await client.send(.post, "/v1/agent/tickets/\(released)/release", headers: agent))
            #expect((free["ticket"] as? [String: Any])?["assignee"] == nil)

            try expectProblem(
                try await client.send(
                    .post, "/v1/agent/tickets/\(released)/relabel", headers: agent,
                    body: #"{"urgency":9}"#), .unprocessableContent, "validation-failed")
            try expectProblem(
                try await client.send(.post, "/v1/agent/tickets/99999/claim", headers: agent), .notFound, "not-found")
            try expectProblem(
                try await client.send(
                    .post, "/v1/agent/tickets/\(released)/edit", headers: agent,
                    body: "{not json"), .badRequest, "malformed-json")
        }
    }

    @Test func queueIsOrderedAndFiltered() async throws {
        try await withTestClient { client, services in
            let agent = try await services.bearer(.agent, name: "q")
            let first = try await services.seedReviewTicket(subject: "first")
            let second = try await services.seedReviewTicket(subject: "second")
            _ = try await client.send(.post, "/v1/agent/tickets/\(second)/claim", headers: agent)
            let all = try json(try await client.send(.get, "/v1/agent/queue", headers: agent))
            let entries = try #require(all["entries"] as? [[String: Any]])
            #expect(
                entries.compactMap { ($0["ticket"] as? [String: Any])?["id"] as? Int } == [Int(first), Int(second)])
            #expect(
                entries.allSatisfy {
                    $0["priority"] as? String == "p2" && $0["due_at"] is String && $0["breached"] as? Bool == false
                })
            let mine = try json(try await client.send(.get, "/v1/agent/queue?assignee=me", headers: agent))
            #expect((mine["entries"] as? [[String: Any]])?.count == 1)
            let none = try json(
                try await client.send(.get, "/v1/agent/queue?category=technical&route=human_now", headers: agent))
            #expect((none["entries"] as? [[String: Any]])?.isEmpty == true)
            try expectProblem(
                try await client.send(.get, "/v1/agent/queue?route=sideways", headers: agent), .badRequest,
                "invalid-parameter")
        }
    }

    @Test func escalatedTicketHasItsPackageFromIntake() async throws {
        try await withTestClient { client, services in
            let created = try json(
                try await client.post(
                    "/v1/tickets",
                    #"""
                    {"subject":"THIS IS UNACCEPTABLE","body":"Third time I'm writing about this. Your outage cost us a full day of sales. If this isn't fixed by Friday we are cancelling and talking to our lawyer.",
                     "customer":{"external_id":"cus-9","name":"Marco Ruiz","plan":"enterprise","lifetime_value":48000}}
                    """#))
            let id = try #require((created["ticket"] as? [String: Any])?["id"] as? Int)
            let status = (created["ticket"] as? [String: Any])?["status"] as? String
            #expect(["escalated", "awaiting_review"].contains(status))
            // The packager runs beside the server; this router-only test runs it here and
            // waits for what intake handed it, without polling the store.
            let runner = Task { await services.packager.run() }
            defer { runner.cancel() }
            await services.packager.idle()
            let stored = try await services.store.escalationPackage(ticketID: Int64(id))
            #expect(stored?.ticketID == Int64(id), "stored at intake")

            let agent = try await services.bearer(.agent)
            let package = try json(try await client.send(.get, "/v1/agent/tickets/\(id)/escalation", headers: agent))
            #expect(package["ticket_id"] as? Int == id && package["version"] as? Int == 1)
            #expect((package["customer"] as? [String: Any])?["name"] as? String == "Marco Ruiz")
            #expect((package["customer"] as? [String: Any])?["tickets_last_30_days"] as? Int == 1)
            #expect((package["summary"] as? [String])?.count == 3)
            #expect(
                ["low_confidence", "urgency_escalation", "policy_flag", "llm_unavailable"]
                    .contains((package["ai_attempt"] as? [String: Any])?["failure_reason"] as? String ?? ""))
            #expect((package["recommended_action"] as? String)?.isEmpty == false)

            let calm = try json(try await client.post("/v1/tickets", #"{"body":"Thanks, all good now!"}"#))
            let calmID = try #require((calm["ticket"] as? [String: Any])?["id"] as? Int)
            if (calm["ticket"] as? [String: Any])?["status"] as? String == "auto_resolved" {
                try expectProblem(
                    try await client.send(.get, "/v1/agent/tickets/\(calmID)/escalation", headers: agent), .notFound,
                    "not-found")
            }
        }
    }

    @Test func twoAgentsClaimingAtOnceOverRealHTTPGetOneWinner() async throws {
        try await withTestClient(.live) { client, services in
            let id = try await services.seedReviewTicket()
            let ann = try await services.bearer(.agent, name: "ann")
            let bob = try await services.bearer(.agent, name: "bob")
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for headers in [ann, bob] {
                    group.addTask {
                        try await client.send(.post, "/v1/agent/tickets/\(id)/claim", headers: headers).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.sorted { $0.code < $1.code } == [.ok, .conflict])
            let holder = try #require(try await services.store.ticketDetail(id: id)?.ticket.assignee)
            #expect(["token:ann-agent", "token:bob-agent"].contains(holder))
            #expect(try await services.store.ticketEvents(ticketID: id).count == 1)
        }
    }
}
