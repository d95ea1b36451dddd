import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TicketflowApp
import TicketflowConsole
import TicketflowCore
import TicketflowEscalation
import TicketflowTesting

/// `/console/inbox` over loopback: saved views, search, filters, columns and bad parameters.
@Suite struct InboxConsoleTests {
    /// The row ids a page lists, in order.
    static func ids(_ page: String) -> [Int64] {
        page.components(separatedBy: "class=\"inbox-row\" data-ticket=\"").dropFirst().compactMap {
            Int64($0.prefix { $0.isNumber })
        }
    }

    @Test func viewsSearchAndFiltersFindEveryTicket() async throws {
        try await withTestClient { client, services in
            let review = try await services.seedReviewTicket(
                subject: "Charged twice", body: "My card shows a duplicate payment")
            let escalated = try await services.seedReviewTicket(
                subject: "Data breach?", body: "Someone logged in from abroad", status: .escalated)
            let solved = try await services.seedReviewTicket(
                subject: "Invoice copy", body: "Need the March invoice", status: .autoResolved)
            let session = try await client.signIn(services)
            func page(_ query: String) async throws -> (HTTPResponse.Status, String) {
                let response = try await client.send(.get, "/console/inbox" + query, headers: session.headers())
                return (response.status, html(response))
            }
            let (status, all) = try await page("")
            #expect(status == .ok)
            #expect(Self.ids(all) == [solved, escalated, review], "every ticket, auto-resolved ones too, newest first")
            #expect(all.contains("Dana") && all.contains("My card shows a duplicate payment"), "customer and preview")
            #expect(all.contains("<td>email</td>"), "channel column")
            #expect(Self.ids(try await page("?view=review").1) == [review])
            #expect(Self.ids(try await page("?view=escalated").1) == [escalated])
            #expect(Self.ids(try await page("?view=auto_resolved").1) == [solved])
            #expect(Self.ids(try await page("?view=unassigned").1) == [escalated, review], "open and unclaimed")
            #expect(Self.ids(try await page("?view=mine").1).isEmpty)
            #expect(Self.ids(try await page("?q=duplicate").1) == [review])
            #expect(Self.ids(try await page("?q=DANA+invoice").1) == [solved], "customer and body words together")
            #expect(Self.ids(try await page("?view=review&q=invoice").1).isEmpty, "search within a view")
            #expect(Self.ids(try await page("?channel=chat").1).isEmpty)
            #expect(Self.ids(try await page("?status=escalated&category=billing").1) == [escalated])
            let today = String(ISO8601DateFormatter().string(from: Date()).prefix(10))
            #expect(Self.ids(try await page("?from=\(today)&to=\(today)").1).count == 3)
            #expect(Self.ids(try await page("?to=2000-01-01").1).isEmpty)
            // The view's tabs keep the search.
            #expect(try await page("?q=invoice").1.contains("href=\"/console/inbox?view=closed&amp;q=invoice\""))
            for bad in ["?view=later", "?status=lost", "?from=2026-02-30", "?assignee=bob", "?before=x"] {
                let (code, body) = try await page(bad)
                #expect(code == .badRequest, "\(bad)")
                #expect(body.contains("must be"), "\(bad): the page says what is wrong")
            }
        }
    }

    @Test func searchTextAndTicketTextAreEscaped() async throws {
        try await withTestClient { client, services in
            _ = try await services.seedReviewTicket(
                subject: ConsoleTests.attack, body: "preview " + ConsoleTests.attack)
            let session = try await client.signIn(services)
            let response = try await client.send(
                .get, "/console/inbox?q=%3Cscript%3Ealert", headers: session.headers())
            let page = html(response)
            #expect(response.status == .ok)
            #expect(!page.contains("<script>alert") && !page.contains("<img src=x"))
            #expect(page.contains("value=\"&lt;script&gt;alert\""), "the search box shows what was typed")
            #expect(Self.ids(page).count == 1, "script and alert are words like any other")
        }
    }
}

/// Saved replies on the ticket page: filled from the ticket, and a send that still holds a placeholder refused.
@Suite struct MacroConsoleTests {
    @Test func savedRepliesAreFilledAndAnUnfilledOneIsNotSent() async throws {
        let macros = [
            ReplyMacro(name: "Refund", body: "Hi {{customer_name}}, refund for order {{order_id}}. {{agent_name}}"),
            ReplyMacro(name: "Ticket", body: "Your ticket is #{{ticket_id}}."),
        ]
        try await withTestClient(configure: { $0.team.macros = macros }) { client, services in
            let id = try await services.seedReviewTicket(body: "I was charged twice for order #A-1234")
            let plain = try await services.seedReviewTicket(body: "I was charged twice")
            let session = try await client.signIn(services)
            let page = html(try await client.send(.get, "/console/tickets/\(id)", headers: session.headers()))
            #expect(page.contains("data-body=\"Hi Dana, refund for order A-1234. Ann Agent\""))
            #expect(page.contains("data-body=\"Your ticket is #\(id).\"") && page.contains("Alt+2 · Ticket"))
            let other = html(try await client.send(.get, "/console/tickets/\(plain)", headers: session.headers()))
            #expect(other.contains("refund for order {{order_id}}"), "no order number: the placeholder stays visible")

            let form = session.headers(form: true)
            let refused = try await client.send(
                .post, "/console/tickets/\(plain)/send", headers: form,
                body: "_csrf=\(session.csrf)&body=Hi+Dana%2C+refund+for+order+%7B%7Border_id%7D%7D.")
            #expect(refused.status == .unprocessableContent && html(refused).contains("fill in {{order_id}}"))
            #expect(try await services.store.ticketDetail(id: plain)?.messages.count == 1, "nothing was sent")
            let sent = try await client.send(
                .post, "/console/tickets/\(plain)/send", headers: form,
                body: "_csrf=\(session.csrf)&body=Hi+Dana%2C+refund+for+order+A-77.")
            #expect(sent.status == .seeOther)
        }
    }

    @Test func openInboxPagesAreToldWhenTicketsChange() async throws {
        try await withTestClient { client, services in
            let session = try await client.signIn(services)
            let page = html(try await client.send(.get, "/console/inbox", headers: session.headers()))
            #expect(page.contains("new EventSource('/console/inbox/events')") && page.contains("updates itself"))
            let updates = services.inboxUpdates
            // The stream ends at shutdown (closeAll), which is what lets this request return.
            async let stream = client.send(.get, "/console/inbox/events", headers: session.headers())
            for _ in 0..<200 where await updates.listening == 0 { try await Task.sleep(for: .milliseconds(10)) }
            #expect(await updates.listening == 1)
            await updates.poll()  // starts from now: nothing yet
            let id = try await services.seedReviewTicket()
            await updates.poll()
            await updates.poll()  // nothing new: no second event
            let position = try await services.store.latestIntegrationEventID()
            await updates.closeAll()
            let response = try await stream
            #expect(response.status == .ok && response.headers[.contentType] == "text/event-stream")
            #expect(html(response) == ": listening\n\nevent: changed\ndata: \(position)\n\n", "ticket \(id)")
            #expect(await updates.listening == 0)

            let anonymous = try await client.send(.get, "/console/inbox/events")
            #expect(anonymous.status == .unauthorized)
        }
    }
}
