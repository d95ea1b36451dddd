import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TicketflowApp
import TicketflowCore
import TicketflowEscalation
import TicketflowTesting

/// Tags, merging duplicates, follow-ups after the reopen window and deactivated teammates, through the API and
/// the console of the real application.
@Suite struct WorkspaceStateTests {
    /// Moves a ticket to `resolved` at `resolvedAt`, as a sent reply would have.
    static func resolve(_ id: Int64, at resolvedAt: Date, in services: AppServices) async throws {
        let detail = try #require(try await services.store.ticketDetail(id: id))
        var ticket = detail.ticket
        ticket.status = .resolved
        ticket.resolvedAt = resolvedAt
        ticket.updatedAt = resolvedAt
        _ = try await services.store.applyAgentChange(
            AgentChange(
                ticket: ticket, actor: "lead@example.com", overrideAssignee: true, draft: nil,
                event: TicketEvent(id: 0, ticketID: id, kind: .close, actor: "lead@example.com", createdAt: resolvedAt)
            ))
    }

    static func ticket(_ response: TestResponse) throws -> [String: Any] {
        try #require(try json(response)["ticket"] as? [String: Any])
    }

    @Test func tagsAreAddedRemovedAndFilterTheInbox() async throws {
        try await withTestClient { client, services in
            let id = try await services.seedReviewTicket(subject: "Parcel lost")
            let other = try await services.seedReviewTicket(subject: "Parcel late")
            let agent = try await services.bearer(.agent)
            let tagged = try await client.send(
                .post, "/v1/agent/tickets/\(id)/tags", headers: agent, body: #"{"add":["VIP"," shipping ","vip"]}"#)
            #expect(tagged.status == .ok)
            #expect(try Self.ticket(tagged)["tags"] as? [String] == ["vip", "shipping"])
            let removed = try await client.send(
                .post, "/v1/agent/tickets/\(id)/tags", headers: agent, body: #"{"remove":["shipping"]}"#)
            #expect(try Self.ticket(removed)["tags"] as? [String] == ["vip"])
            try expectProblem(
                try await client.send(.post, "/v1/agent/tickets/\(id)/tags", headers: agent, body: #"{"add":[]}"#),
                .unprocessableContent, "validation-failed")
            let long = String(repeating: "x", count: 65)
            try expectProblem(
                try await client.send(
                    .post, "/v1/agent/tickets/\(id)/tags", headers: agent, body: #"{"add":["\#(long)"]}"#),
                .unprocessableContent, "validation-failed")
            let events = try await services.desk.events(ticketID: id).filter { $0.kind == .tag }
            #expect(events.map { $0.details["added"] ?? $0.details["removed"] ?? "" } == ["vip,shipping", "shipping"])

            let session = try await client.signIn(services)
            let inbox = html(try await client.send(.get, "/console/inbox?tag=VIP", headers: session.headers()))
            #expect(inbox.contains("data-ticket=\"\(id)\"") && !inbox.contains("data-ticket=\"\(other)\""))
            #expect(inbox.contains(#"name="tag" id="inbox-tag" value="VIP""#))
            // The console form tags a ticket someone else holds, like a note.
            _ = try await client.send(.post, "/v1/agent/tickets/\(other)/claim", headers: agent)
            let form = try await client.send(
                .post, "/console/tickets/\(other)/tags", headers: session.headers(form: true),
                body: "_csrf=\(session.csrf)&add=follow-up%2C+Urgent&remove=")
            #expect(form.status == .seeOther)
            #expect(try await services.store.ticketDetail(id: other)?.ticket.tags == ["follow-up", "urgent"])
            let page = html(try await client.send(.get, "/console/tickets/\(other)", headers: session.headers()))
            #expect(page.contains("href=\"/console/inbox?tag=urgent\""))
        }
    }

    /// A tag's pill links to the inbox filtered by exactly that tag, whatever its characters;
    /// control characters are refused wherever tags come in.
    @Test func tagLinksFilterByTheWholeTag() async throws {
        try await withTestClient { client, services in
            let id = try await services.seedReviewTicket(subject: "Parcel late")
            let agent = try await services.bearer(.agent)
            let tagged = try await client.send(
                .post, "/v1/agent/tickets/\(id)/tags", headers: agent, body: #"{"add":["vip & a+b#1"]}"#)
            #expect(tagged.status == .ok)
            let session = try await client.signIn(services)
            let page = html(try await client.send(.get, "/console/tickets/\(id)", headers: session.headers()))
            let href = "/console/inbox?tag=vip%20%26%20a%2Bb%231"
            #expect(page.contains("href=\"\(href)\">vip &amp; a+b#1</a>"), "\(page)")
            let inbox = html(try await client.send(.get, href, headers: session.headers()))
            #expect(inbox.contains("data-ticket=\"\(id)\""))
            #expect(inbox.contains(#"name="tag" id="inbox-tag" value="vip &amp; a+b#1""#))
            // The view tabs keep the filter, "+" included.
            #expect(inbox.contains("/console/inbox?view=mine&amp;tag=vip%20%26%20a%2Bb%231"), "\(inbox)")

            // The inbox's filter form is a GET form: a browser sends the space in "follow up" as "+".
            _ = try await client.send(
                .post, "/v1/agent/tickets/\(id)/tags", headers: agent, body: #"{"add":["follow up"]}"#)
            let typed = html(try await client.send(.get, "/console/inbox?tag=follow+up", headers: session.headers()))
            #expect(typed.contains("data-ticket=\"\(id)\""))
            #expect(typed.contains(#"name="tag" id="inbox-tag" value="follow up""#))

            try expectProblem(
                try await client.send(
                    .post, "/v1/agent/tickets/\(id)/tags", headers: agent, body: #"{"add":["a\u0007b"]}"#),
                .unprocessableContent, "validation-failed")
            try expectProblem(
                try await client.post("/v1/tickets", #"{"body":"Where is my parcel?","tags":["line\nbreak"]}"#),
                .unprocessableContent, "validation-failed")
        }
    }

    @Test func mergingADuplicateCopiesItsMessagesAndSendsLaterRepliesToTheTarget() async throws {
        try await withTestClient { client, services in
            let target = try await services.seedReviewTicket(subject: "Refund", body: "Please refund the charge.")
            let duplicate = try await services.seedReviewTicket(
                subject: "Refund again", body: "Second mail about the same charge: order 1234.")
            let agent = try await services.bearer(.agent)
            try expectProblem(
                try await client.send(
                    .post, "/v1/agent/tickets/\(duplicate)/merge", headers: agent, body: #"{"into":\#(duplicate)}"#),
                .unprocessableContent, "validation-failed")
            try expectProblem(
                try await client.send(
                    .post, "/v1/agent/tickets/\(duplicate)/merge", headers: agent, body: #"{"into":999999}"#),
                .unprocessableContent, "validation-failed")

            let merged = try await client.send(
                .post, "/v1/agent/tickets/\(duplicate)/merge", headers: agent, body: #"{"into":\#(target)}"#)
            #expect(merged.status == .ok)
            #expect(try Self.ticket(merged)["id"] as? Int == Int(target))
            let closed = try #require(try await services.store.ticketDetail(id: duplicate))
            #expect(closed.ticket.status == .closed && closed.ticket.continuedIn == target)
            #expect(closed.ticket.tags.contains("duplicate"))
            let kept = try #require(try await services.store.ticketDetail(id: target))
            let copy = try #require(kept.messages.last)
            #expect(copy.author == .system && copy.delivery == nil, "internal: never sent")
            #expect(copy.body.contains("Merged from ticket #\(duplicate)") && copy.body.contains("order 1234"))
            #expect(try await services.desk.events(ticketID: duplicate).last?.details["into"] == String(target))

            try expectProblem(
                try await client.send(
                    .post, "/v1/agent/tickets/\(duplicate)/merge", headers: agent, body: #"{"into":\#(target)}"#),
                .conflict, "conflict")
            // The customer answers the duplicate's thread: it lands on the ticket that stayed.
            let reply = try await client.post(
                "/v1/tickets/\(duplicate)/messages", #"{"body":"Any news on my refund?"}"#)
            #expect(reply.status == .created)
            #expect(try json(reply)["ticket"].flatMap { ($0 as? [String: Any])?["id"] as? Int } == Int(target))
            #expect(
                try await services.store.ticketDetail(id: target)?.messages.contains {
                    $0.body == "Any news on my refund?"
                } == true)
            #expect(try await services.store.ticketDetail(id: duplicate)?.messages.count == closed.messages.count)

            // From the console: the seeded tickets belong to two customer records (both "Dana"),
            // so the console asks first, and merges only when asked again with the confirmation.
            let third = try await services.seedReviewTicket(subject: "Refund, third mail")
            let session = try await client.signIn(services)
            let question = try await client.send(
                .post, "/console/tickets/\(third)/merge", headers: session.headers(form: true),
                body: "_csrf=\(session.csrf)&into=\(target)")
            #expect(question.status == .ok)
            let asked = html(question)
            #expect(
                asked.contains("id=\"merge-question\"")
                    && asked.contains("every reply on ticket #\(target) goes to Dana"))
            #expect(asked.contains(#"name="confirm" value="different-customers""#))
            #expect(try await services.store.ticketDetail(id: third)?.ticket.status != .closed, "nothing merged yet")
            let form = try await client.send(
                .post, "/console/tickets/\(third)/merge", headers: session.headers(form: true),
                body: "_csrf=\(session.csrf)&into=\(target)&confirm=different-customers")
            #expect(form.status == .seeOther)
            #expect(form.headers[.location] == "/console/tickets/\(target)?done=merge")
            let page = html(try await client.send(.get, "/console/tickets/\(third)", headers: session.headers()))
            #expect(page.contains("id=\"continued-banner\"") && page.contains("/console/tickets/\(target)"))
        }
    }

    /// Two tickets of one customer merge at once from the console: no question.
    @Test func mergingTicketsOfOneCustomerNeedsNoQuestion() async throws {
        try await withTestClient { client, services in
            var ids: [Int] = []
            for body in ["Where is my parcel? Order 5531.", "Still no parcel, order 5531."] {
                let created = try await client.post(
                    "/v1/tickets", #"{"body":"\#(body)","customer":{"email":"Ann@Example.com"}}"#)
                ids.append(try #require(try Self.ticket(created)["id"] as? Int))
            }
            let session = try await client.signIn(services)
            let form = try await client.send(
                .post, "/console/tickets/\(ids[1])/merge", headers: session.headers(form: true),
                body: "_csrf=\(session.csrf)&into=\(ids[0])")
            #expect(form.status == .seeOther)
            #expect(form.headers[.location] == "/console/tickets/\(ids[0])?done=merge")
        }
    }

    @Test func aLateReplyOpensAFollowUpAndARecentOneReopens() async throws {
        try await withTestClient { client, services in
            let old = try await services.seedReviewTicket(subject: "Invoice question")
            try await Self.resolve(old, at: Date().addingTimeInterval(-8 * 86_400), in: services)
            let late = try await client.post("/v1/tickets/\(old)/messages", #"{"body":"Hello again, new problem"}"#)
            #expect(late.status == .created)
            let followUp = try #require(try Self.ticket(late)["id"] as? Int)
            #expect(Int64(followUp) != old)
            let created = try #require(try await services.store.ticketDetail(id: Int64(followUp)))
            #expect(created.ticket.subject == "Invoice question")
            #expect(created.ticket.customerID == (try await services.store.ticketDetail(id: old))?.ticket.customerID)
            #expect(created.trace.first?.details["previous_ticket"] == String(old))
            let previous = try #require(try await services.store.ticketDetail(id: old))
            #expect(previous.ticket.status == .resolved && previous.ticket.continuedIn == Int64(followUp))
            #expect(!previous.messages.contains { $0.body == "Hello again, new problem" })
            #expect(try await services.desk.events(ticketID: old).last?.kind == .continued)
            // The next message to the old thread goes on in the follow-up: no third ticket.
            let again = try await client.post("/v1/tickets/\(old)/messages", #"{"body":"Forgot to say: urgent"}"#)
            #expect(try Self.ticket(again)["id"] as? Int == followUp)

            let recent = try await services.seedReviewTicket(subject: "Password")
            try await Self.resolve(recent, at: Date().addingTimeInterval(-86_400), in: services)
            let reopened = try await client.post("/v1/tickets/\(recent)/messages", #"{"body":"It broke again"}"#)
            #expect(try Self.ticket(reopened)["id"] as? Int == Int(recent))
            #expect(try Self.ticket(reopened)["status"] as? String != "resolved", "reopened within the window")
        }
    }

    @Test func aDeactivatedPersonIsSignedOutAndCannotSignIn() async throws {
        try await withTestClient { client, services in
            let session = try await client.signIn(services, email: "ann@example.com")
            let ann = AgentActor(id: "ann@example.com", name: "Ann", role: .agent)
            let open = try await services.seedReviewTicket(subject: "Open, Ann's")
            let parked = try await services.seedReviewTicket(subject: "Pending, Ann's")
            let answered = try await services.seedReviewTicket(subject: "Answered by Ann")
            _ = try await services.desk.perform(.claim, on: open, by: ann)
            _ = try await services.desk.perform(.pending(note: nil), on: parked, by: ann)
            _ = try await services.desk.perform(.sendDraft, on: answered, by: ann)
            let admin = try await services.bearer(.admin)
            let off = try await client.send(
                .put, "/v1/admin/users/ann%40example.com/active", headers: admin, body: #"{"active":false}"#)
            #expect(off.status == .ok)
            #expect(try json(off)["deactivated_at"] != nil)
            // Unfinished tickets go back to the queue; answered ones keep who answered them.
            #expect(try await services.store.ticketDetail(id: open)?.ticket.assignee == nil)
            #expect(try await services.store.ticketDetail(id: parked)?.ticket.assignee == nil)
            #expect(try await services.store.ticketDetail(id: answered)?.ticket.assignee == "ann@example.com")
            let release = try #require(try await services.desk.events(ticketID: parked).last)
            #expect(
                release.kind == .release && release.actor == "system" && release.details["from"] == "ann@example.com")
            let page = try await client.send(.get, "/console/queue", headers: session.headers())
            #expect(page.status == .unauthorized, "the session ended")
            let login = try await client.get("/console/login")
            let csrf = try #require(Scrape.cookie("tf_login_csrf", in: login))
            let refused = try await client.send(
                .post, "/console/login",
                headers: [.cookie: "tf_login_csrf=\(csrf)", .contentType: "application/x-www-form-urlencoded"],
                body: "_csrf=\(csrf)&next=%2Fconsole%2Fqueue&email=ann@example.com&password=correct+horse+battery")
            #expect(refused.status != .seeOther, "the right password does not sign a deactivated person in")
            let back = try await client.send(
                .put, "/v1/admin/users/ann%40example.com/active", headers: admin, body: #"{"active":true}"#)
            #expect(try json(back)["deactivated_at"] == nil)

            // The Team page: the admin deactivates from the row, never themselves.
            let lead = try await client.signIn(services, email: "lead@example.com", role: .admin, name: "Lead")
            let form = try await client.send(
                .post, "/console/team/active", headers: lead.headers(form: true),
                body: "_csrf=\(lead.csrf)&email=ann%40example.com&active=false")
            #expect(form.status == .seeOther)
            #expect(try await services.store.user(address: "ann@example.com")?.isActive == false)
            let team = html(try await client.send(.get, form.headers[.location] ?? "", headers: lead.headers()))
            #expect(team.contains("is deactivated") && team.contains(">deactivated<") && team.contains("Reactivate"))
            #expect(team.contains(">online<"), "the admin is online")
            let selfOff = try await client.send(
                .post, "/console/team/active", headers: lead.headers(form: true),
                body: "_csrf=\(lead.csrf)&email=lead%40example.com&active=false")
            #expect(selfOff.status == .conflict, "conflict")
        }
    }

    @Test func theTicketPageShowsTheCustomersOtherTicketsAndSentimentTrend() async throws {
        try await withTestClient { client, services in
            let customer =
                #""customer": {"external_id": "c-77", "name": "Jo Park", "plan": "team", "lifetime_value": 310}"#
            let first = try await client.post(
                "/v1/tickets",
                #"{"subject": "Invoice copy", "body": "Could you send me last month's invoice?", \#(customer)}"#)
            let second = try await client.post(
                "/v1/tickets",
                #"{"subject": "Charged twice", "body": "This is unacceptable, you charged me twice and nobody answers!", \#(customer)}"#
            )
            let firstID = try #require(try Self.ticket(first)["id"] as? Int)
            let secondID = try #require(try Self.ticket(second)["id"] as? Int)
            let session = try await client.signIn(services)
            let page = html(try await client.send(.get, "/console/tickets/\(secondID)", headers: session.headers()))
            #expect(page.contains("id=\"customer-panel\"") && page.contains("Jo Park") && page.contains("310.00"))
            #expect(page.contains("<a href=\"/console/tickets/\(firstID)\">\(firstID)</a>"), "the other ticket, linked")
            let first2 = try #require(try await services.store.ticketDetail(id: Int64(firstID))?.ticket.sentiment)
            let second2 = try #require(try await services.store.ticketDetail(id: Int64(secondID))?.ticket.sentiment)
            #expect(page.contains("id=\"sentiment-trend\">\(first2.rawValue) → \(second2.rawValue)<"), "oldest first")
        }
    }

    @Test func theNavigationCountsWhatNeedsThisPerson() async throws {
        try await withTestClient { client, services in
            let session = try await client.signIn(services, email: "ann@example.com", name: "Ann Agent")
            let urgent = try await services.seedReviewTicket(subject: "Locked out", status: .escalated)
            let late = try await services.seedReviewTicket(subject: "Old question")
            let theirs = try await services.seedReviewTicket(subject: "Bob's")
            for (id, route, origin, holder) in [
                (urgent, Route.humanNow, Date(), nil as String?),
                (late, .aiDraftHumanReview, Date().addingTimeInterval(-3.9 * 3600), nil),
                (theirs, .humanNow, Date().addingTimeInterval(-3.9 * 3600), "bob@example.com"),
            ] {
                let detail = try #require(try await services.store.ticketDetail(id: id))
                var ticket = detail.ticket
                (ticket.route, ticket.slaStartedAt, ticket.assignee) = (route, origin, holder)
                _ = try await services.store.applyAgentChange(
                    AgentChange(
                        ticket: ticket, actor: "x", overrideAssignee: true, draft: detail.draft,
                        event: TicketEvent(id: 0, ticketID: id, kind: .assign, actor: "x", createdAt: Date())))
            }
            _ = try await services.desk.perform(
                .note(text: "@ann have a look"), on: urgent,
                by: AgentActor(id: "bob@example.com", name: "Bob", role: .agent))
            let response = try await client.send(.get, "/console/notifications", headers: session.headers())
            #expect(response.status == .ok && response.headers[.contentType] == "application/json")
            let counts = try json(response)
            // The urgent one needs a person now (p1, just opened: not at risk); the late one is at risk (p2: 4 h,
            // 3.9 h gone). Bob's ticket, urgent and late, is his to see, not Ann's.
            #expect(counts["human_now"] as? Int == 1)
            #expect(counts["sla_at_risk"] as? Int == 1)
            #expect(counts["mentions_today"] as? Int == 1)
            let page = html(try await client.send(.get, "/console/queue", headers: session.headers()))
            #expect(page.contains("id=\"badge-now\"") && page.contains("fetch('/console/notifications'"))
            #expect(try await client.send(.get, "/console/notifications").status == .unauthorized)
        }
    }
}
