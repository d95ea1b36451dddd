import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TicketflowApp
import TicketflowCore
import TicketflowTesting

/// Internal notes from the ticket page: shown to the team, listed on the mentioned teammate's Mentions page,
/// never a message or a delivery.
@Suite struct NoteConsoleTests {
    @Test func aNoteReachesTheTeamAndNeverTheCustomer() async throws {
        try await withTestClient { client, services in
            let id = try await services.seedReviewTicket()
            let ann = try await client.signIn(services)
            let bo = try await client.signIn(services, email: "bo@example.com", name: "Bo Rivera")
            let before = try #require(try await services.store.ticketDetail(id: id))
            let added = try await client.send(
                .post, "/console/tickets/\(id)/note", headers: ann.headers(form: true),
                body: "_csrf=\(ann.csrf)&note=%40bo+the+customer+also+called+about+%3Cb%3Ethis%3C%2Fb%3E")
            #expect(added.status == .seeOther && added.headers[.location] == "/console/tickets/\(id)?done=note")
            let page = html(try await client.send(.get, "/console/tickets/\(id)?done=note", headers: ann.headers()))
            #expect(page.contains("Note added. Only the team sees it."))
            #expect(page.contains("Ann Agent · ") && page.contains("mentions Bo Rivera"))
            #expect(page.contains("@bo the customer also called about &lt;b&gt;this&lt;/b&gt;"), "escaped")

            let after = try #require(try await services.store.ticketDetail(id: id))
            #expect(after.messages == before.messages, "no message for the customer")
            #expect(after.ticket == before.ticket, "the ticket is unchanged")

            let empty = try await client.send(
                .post, "/console/tickets/\(id)/note", headers: ann.headers(form: true), body: "_csrf=\(ann.csrf)&note=+")
            #expect(empty.status == .unprocessableContent)

            let mentions = html(try await client.send(.get, "/console/mentions", headers: bo.headers()))
            #expect(mentions.contains("href=\"/console/tickets/\(id)\"") && mentions.contains("the customer also called"))
            let own = html(try await client.send(.get, "/console/mentions", headers: ann.headers()))
            #expect(own.contains("Nobody has mentioned you"))
        }
    }
}
