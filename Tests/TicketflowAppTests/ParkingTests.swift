import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TicketflowApp
import TicketflowCore
import TicketflowTesting

/// Pending and on hold through the API and the console: the ticket leaves the review queue, its SLA clock
/// stops, and the customer's reply brings it back to the person who parked it, not to an automatic answer.
@Suite struct ParkedTicketTests {
    @Test func theCustomersReplyBringsAPendingTicketBackToItsPerson() async throws {
        try await withTestClient { client, services in
            let id = try await services.seedReviewTicket()
            let agent = try await services.bearer(.agent)
            let parked = try await client.send(
                .post, "/v1/agent/tickets/\(id)/pending", headers: agent + jsonHeaders,
                body: #"{"note":"asked for the card's last digits"}"#)
            #expect(parked.status == .ok)
            let ticket = try #require(try json(parked)["ticket"] as? [String: Any])
            #expect(ticket["status"] as? String == "pending")
            let holder = try #require(ticket["assignee"] as? String)
            let queue = try await client.send(.get, "/v1/agent/queue", headers: agent)
            #expect(!String(buffer: queue.body).contains("\"id\":\(id),"), "parked: not in the review queue")

            let before = Date()
            let reply = try await client.post(
                "/v1/tickets/\(id)/messages", #"{"body":"How do I get the duplicate charge refunded? Card ends 4242."}"#
            )
            #expect(reply.status == .created)
            let detail = try #require(try await services.store.ticketDetail(id: id))
            #expect(detail.ticket.status == .awaitingReview || detail.ticket.status == .escalated)
            #expect(detail.ticket.assignee == holder, "back to the person who parked it")
            #expect((detail.ticket.slaStartedAt ?? .distantPast) >= before, "the SLA clock restarts at the reply")
            #expect(!detail.messages.contains { $0.author == .ai }, "no automatic answer to a parked ticket")
            #expect(detail.messages.last?.body.contains("waiting on the customer") == true)

            // On hold from the console form.
            let session = try await client.signIn(services)
            let held = try await client.send(
                .post, "/console/tickets/\(id)/hold", headers: session.headers(form: true),
                body: "_csrf=\(session.csrf)&note=")
            #expect(held.status == .conflict, "held by the API agent, so not this person's to park")
            let other = try await services.seedReviewTicket()
            let console = try await client.send(
                .post, "/console/tickets/\(other)/hold", headers: session.headers(form: true),
                body: "_csrf=\(session.csrf)&note=carrier+investigating")
            #expect(console.status == .seeOther)
            #expect(try await services.store.ticketDetail(id: other)?.ticket.status == .onHold)
            let page = html(
                try await client.send(.get, "/console/tickets/\(other)?done=hold", headers: session.headers()))
            #expect(page.contains("On hold. The SLA clock has stopped"))
        }
    }
}
