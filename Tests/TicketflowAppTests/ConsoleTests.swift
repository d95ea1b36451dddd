import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TicketflowApp
import TicketflowAuth
import TicketflowCore
import TicketflowKnowledge
import TicketflowTesting
import TicketflowTriage

/// The server-rendered console: pages, forms and escaping.
@Suite struct ConsoleTests {
    static let attack = #"<script>alert('x')</script><img src=x onerror="alert(1)">"#

    @Test func storedXSSInATicketRendersAsTextOnTheQueueAndTicketPages() async throws {
        try await withTestClient { client, services in
            let id = try await services.seedReviewTicket(
                subject: "Help " + Self.attack, body: "Body " + Self.attack, draft: "Draft " + Self.attack)
            let session = try await client.signIn(services)
            let queue = html(try await client.send(.get, "/console/queue", headers: session.headers()))
            let ticket = html(try await client.send(.get, "/console/tickets/\(id)", headers: session.headers()))
            for page in [queue, ticket] {
                #expect(!page.contains("<script>alert"), "raw script tag in page")
                #expect(!page.contains("<img src=x"), "raw img tag in page")
                #expect(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
            }
            #expect(queue.contains("<td>AI draft, person reviews</td>"), "routes read as words")
            #expect(queue.contains("<option value=\"human_now\">person now</option>"))
            #expect(ticket.contains("Body &lt;script&gt;"), "conversation escaped")
            #expect(ticket.contains("Draft &lt;script&gt;"), "draft escaped")
            // The page's only scripts are the fixed hotkey, navigation-badge and redraft scripts.
            #expect(ticket.components(separatedBy: "<script>").count == 4)
        }
    }

    @Test func ticketPageShowsConversationPackageDraftAndTrace() async throws {
        try await withTestClient { client, services in
            let id = try await services.seedReviewTicket()
            let session = try await client.signIn(services)
            let response = try await client.send(.get, "/console/tickets/\(id)", headers: session.headers())
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/html; charset=utf-8")
            #expect(
                response.headers[HTTPField.Name("Content-Security-Policy")!]?.contains("frame-ancestors 'none'") == true
            )
            let page = html(response)
            #expect(page.contains("id=\"conversation\"") && page.contains("I was charged twice, please refund one."))
            #expect(page.contains("id=\"package\"") && page.contains("Recommended:"))
            #expect(page.contains("Customer asked: I was charged twice, please refund one."))
            #expect(page.contains("<textarea name=\"body\" id=\"draft-body\""))
            #expect(page.contains("1. Open Settings &gt; Billing."))
            #expect(
                page.contains("href=\"/console/kb/duplicate-charges\">Duplicate charges</a>"), "draft citation links")
            #expect(page.contains("id=\"trace\"") && page.contains("held for review"))
            #expect(
                page.contains("id=\"send-form\"") && page.contains("id=\"escalate-form\"")
                    && page.contains("id=\"close-tags\""))

            #expect(
                try await client.send(.get, "/console/tickets/424242", headers: session.headers()).status == .notFound)
            #expect(
                html(try await client.send(.get, "/console/tickets/424242", headers: session.headers())).contains(
                    "There is no ticket 424242."))
        }
    }

    @Test func consoleFormsPerformTheActions() async throws {
        try await withTestClient { client, services in
            let session = try await client.signIn(services, email: "ann@example.com")
            let form = session.headers(form: true)
            let csrf = "_csrf=\(session.csrf)"

            // The draft sent unchanged (CRLF line breaks, as browsers send them) is an approval.
            let unchanged = try await services.seedReviewTicket(
                draft: "1. Open Settings > Billing. [Source: duplicate-charges]\n2. Report the duplicate charge.")
            // Opened before the reply, as an agent does: the package is built then. The reply box
            // holds what the customer will read (no source markers); the reasons are in words.
            let before = html(
                try await client.send(.get, "/console/tickets/\(unchanged)", headers: session.headers()))
            let replyBox = try #require(
                before.components(separatedBy: "id=\"draft-body\"").last?
                    .components(separatedBy: "</textarea>").first)
            #expect(
                before.contains("no reply yet") && replyBox.contains("Open Settings") && !replyBox.contains("[Source:"))
            #expect(before.contains("Held for review: the route needs a person&#39;s review, low confidence"))
            let body = "1. Open Settings > Billing.\r\n2. Report the duplicate charge."
                .addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let sent = try await client.send(
                .post, "/console/tickets/\(unchanged)/send", headers: form, body: "\(csrf)&body=\(body)")
            #expect(sent.status == .seeOther && sent.headers[.location] == "/console/tickets/\(unchanged)?done=send")
            #expect(try await services.store.ticketDetail(id: unchanged)?.ticket.status == .resolved)
            let after = html(
                try await client.send(.get, "/console/tickets/\(unchanged)?done=send", headers: session.headers()))
            #expect(
                after.contains("Reply saved. Whether it was sent is shown under it in the conversation.")
                    && after.contains("id=\"ticket-status\">resolved<"))
            // The decision trace is there for whoever wants it, folded so the conversation and actions come first.
            #expect(after.contains("<details class=\"card\" id=\"trace-card\">") && after.contains("id=\"trace\""))
            // Moving on: the next ticket waiting is offered.
            let waiting = try await services.seedReviewTicket()
            #expect(after.contains("href=\"/console/tickets/\(waiting)\" id=\"next-ticket\"") == false, "seeded after")
            let again = html(
                try await client.send(.get, "/console/tickets/\(unchanged)?done=send", headers: session.headers()))
            #expect(again.contains("href=\"/console/tickets/\(waiting)\" id=\"next-ticket\""), "\(again)")
            // The reply says who wrote it.
            #expect(after.contains("<div class=\"meta\">Ann Agent (agent) · "))
            // The package a person worked from now counts the reply.
            #expect(!after.contains("no reply yet") && after.contains("1 reply so far"))
            // No email delivery is configured here: the page says the reply was not sent.
            #expect(
                after.contains(
                    "Not sent: no delivery is connected for email tickets (it is on the ticket and in the event feed)"))

            let edited = try await services.seedReviewTicket()
            _ = try await client.send(
                .post, "/console/tickets/\(edited)/send", headers: form, body: "\(csrf)&body=Refunded+today.")
            _ = try await client.send(
                .post, "/console/tickets/\(edited)/relabel", headers: form, body: "\(csrf)&category=account&urgency=2")
            let kinds = try await services.store.feedbackRecords(since: .distantPast, limit: 10).map(\.kind)
            #expect(kinds == [.approve, .edit, .relabel])

            let other = try await services.seedReviewTicket()
            _ = try await client.send(
                .post, "/console/tickets/\(other)/escalate", headers: form, body: "\(csrf)&note=needs+a+lead&assignee=")
            #expect(try await services.store.ticketDetail(id: other)?.ticket.status == .escalated)
            _ = try await client.send(
                .post, "/console/tickets/\(other)/close", headers: form, body: "\(csrf)&tags=refund%2C+vip")
            #expect(try await services.store.ticketDetail(id: other)?.ticket.tags == ["refund", "vip"])
            let closedAgain = try await client.send(.post, "/console/tickets/\(other)/close", headers: form, body: csrf)
            #expect(closedAgain.status == .conflict && html(closedAgain).contains("is closed"))

            // Someone else's claim shows as a friendly refusal, not a 500.
            let held = try await services.seedReviewTicket()
            _ = try await client.send(
                .post, "/v1/agent/tickets/\(held)/claim", headers: try await services.bearer(.agent, name: "bob"))
            let refused = try await client.send(
                .post, "/console/tickets/\(held)/send", headers: form, body: "\(csrf)&body=Hi")
            #expect(refused.status == .conflict && html(refused).contains("is assigned to token:bob-agent"))
            let unknown = try await client.send(.post, "/console/tickets/\(held)/explode", headers: form, body: csrf)
            #expect(unknown.status == .notFound)
        }
    }

    @Test func queueAndKnowledgeBasePagesRender() async throws {
        try await withTestClient { client, services in
            #expect(
                try await client.post(
                    "/v1/kb/articles", PipelineEndToEndTests.helpCenter, headers: try await services.bearer(.knowledge)
                ).status == .ok)
            let id = try await services.seedReviewTicket(subject: "Queue me")
            let session = try await client.signIn(services)
            let queue = html(try await client.send(.get, "/console/queue", headers: session.headers()))
            #expect(queue.contains("href=\"/console/tickets/\(id)\">Queue me</a>") && queue.contains("pill p2"))
            let filtered = html(
                try await client.send(.get, "/console/queue?route=human_now", headers: session.headers()))
            #expect(!filtered.contains("Queue me") && filtered.contains("Nothing waiting for a person."))
            #expect(
                try await client.send(.get, "/console/queue?route=bogus", headers: session.headers()).status
                    == .badRequest)

            let list = html(try await client.send(.get, "/console/kb", headers: session.headers()))
            #expect(list.contains("href=\"/console/kb/duplicate-charges\">Duplicate charges</a>"))
            let article = html(try await client.send(.get, "/console/kb/duplicate-charges", headers: session.headers()))
            #expect(
                article.contains("id=\"article-title\">Duplicate charges<")
                    && article.contains("Open Settings &gt; Billing &gt; Invoices."))
            #expect(try await client.send(.get, "/console/kb/nope", headers: session.headers()).status == .notFound)
            // An article imported from a file names the file, not the server's directories.
            try await withTemporaryDirectory { dir in
                try "# Returns\n\nSend items back within 30 days.".write(
                    toFile: dir + "/returns.md", atomically: true, encoding: .utf8)
                _ = try await services.engines.knowledge.importPath(dir, options: ArticleImportOptions(), prune: false)
                let imported = html(try await client.send(.get, "/console/kb/returns", headers: session.headers()))
                #expect(imported.contains("source returns.md") && !imported.contains(dir), "\(imported)")
            }
            #expect(
                try await client.send(.get, "/console", headers: session.headers()).headers[.location]
                    == "/console/queue")
        }
    }

    /// A team that trained its own taxonomy sees its categories in the relabel
    /// control and the queue filter, as soon as the model is swapped in.
    @Test func categoryChoicesComeFromTheRunningCategoryModel() async throws {
        try await withTestClient { client, services in
            let id = try await services.seedReviewTicket()
            let session = try await client.signIn(services)
            let starter = html(try await client.send(.get, "/console/tickets/\(id)", headers: session.headers()))
            #expect(starter.contains(#"<option value="feature_request">feature_request</option>"#))
            #expect(!starter.contains(#"value="warranty""#))

            let rows = [
                (
                    "shipping",
                    [
                        "where is my parcel", "the delivery is late", "track my shipment",
                        "courier lost the box",
                    ]
                ),
                (
                    "returns",
                    [
                        "I want to send it back", "how do I return this", "refund for a return",
                        "return label please",
                    ]
                ),
                (
                    "warranty",
                    [
                        "it broke after a month", "is this covered by warranty", "repair under guarantee",
                        "the warranty claim form",
                    ]
                ),
            ].flatMap { label, texts in texts.map { LabeledText(text: $0, label: label) } }
            services.engines.triage.replaceCategoryModel(try ClassifierTrainer(name: "team-taxonomy").train(rows))

            let ticket = html(try await client.send(.get, "/console/tickets/\(id)", headers: session.headers()))
            let relabel =
                #"<select name="category"><option value="returns">returns</option>"#
                + #"<option value="shipping">shipping</option><option value="warranty">warranty</option>"#
                + #"<option value="billing" selected>billing</option></select>"#
            #expect(ticket.contains(relabel), "the model's labels, then the ticket's own")
            #expect(!ticket.contains("feature_request"))
            let queue = html(try await client.send(.get, "/console/queue", headers: session.headers()))
            #expect(queue.contains(#"<option value="warranty">warranty</option>"#))
            #expect(!queue.contains("feature_request"))
        }
    }

    @Test func adminsAddTeamMembersWhoCanThenSignIn() async throws {
        try await withTestClient { client, services in
            let admin = try await client.signIn(services, email: "lead@example.com", role: .admin)
            let page = html(try await client.send(.get, "/console/team", headers: admin.headers()))
            #expect(
                page.contains("id=\"nav-team\"") && page.contains("lead@example.com")
                    && page.contains("id=\"add-user\""))
            #expect(page.contains("(1 person)"), "one admin: singular")

            let form = admin.headers(form: true)
            let csrf = "_csrf=\(admin.csrf)"
            let added = try await client.send(
                .post, "/console/team", headers: form,
                body: "\(csrf)&name=Bob+Agent&email=bob%40example.com&role=agent&password=a+long+secret")
            #expect(added.status == .seeOther)
            let location = try #require(added.headers[.location])
            #expect(location.hasPrefix("/console/team?added="))
            let after = html(try await client.send(.get, location, headers: admin.headers()))
            #expect(
                after.contains("Added Bob Agent (bob@example.com, agent).")
                    && after.contains("<td>bob@example.com</td>"))
            #expect(
                try await services.accounts.logIn(email: "bob@example.com", password: "a long secret") != nil,
                "the new agent can sign in")
            #expect(
                !html(try await client.send(.get, "/console/team?added=Anything+I+like", headers: admin.headers()))
                    .contains("Anything"))

            let taken = try await client.send(
                .post, "/console/team", headers: form,
                body: "\(csrf)&name=Bob+Again&email=BOB%40example.com&role=admin&password=another+secret")
            #expect(taken.status == .conflict && html(taken).contains("href=\"/console/team\""))
            let short = try await client.send(
                .post, "/console/team", headers: form,
                body: "\(csrf)&name=Cy&email=cy%40example.com&role=agent&password=short")
            #expect(short.status == .unprocessableContent && html(short).contains("password"))
            let badRole = try await client.send(
                .post, "/console/team", headers: form,
                body: "\(csrf)&name=Cy&email=cy%40example.com&role=api&password=a+long+secret")
            #expect(badRole.status == .unprocessableContent)
            let forged = try await client.send(
                .post, "/console/team", headers: form,
                body: "_csrf=nope&name=Eve&email=eve%40example.com&role=admin&password=a+long+secret")
            #expect(forged.status == .forbidden)
            #expect(
                try await services.accounts.store.users().map(\.email).sorted() == [
                    "bob@example.com", "lead@example.com",
                ])

            // Removing someone signs them out at once; nobody removes themselves.
            let bob = try await client.signIn(services, email: "carl@example.com", role: .agent)
            #expect(try await client.send(.get, "/console/queue", headers: bob.headers()).status == .ok)
            let removed = try await client.send(
                .post, "/console/team/remove", headers: form, body: "\(csrf)&email=carl%40example.com")
            #expect(removed.status == .seeOther && removed.headers[.location] == "/console/team?removed=1")
            #expect(try await client.send(.get, "/console/queue", headers: bob.headers()).status == .unauthorized)
            #expect(
                html(try await client.send(.get, "/console/team?removed=1", headers: admin.headers())).contains(
                    "Removed."))
            let selfRemoval = try await client.send(
                .post, "/console/team/remove", headers: form, body: "\(csrf)&email=lead%40example.com")
            #expect(selfRemoval.status == .conflict && html(selfRemoval).contains("your own account"))
            #expect(try await services.accounts.store.user(email: "lead@example.com") != nil)

            // Roles change from the page; a promoted agent reaches the admin pages at their next request.
            let dee = try await client.signIn(services, email: "dee@example.com", role: .agent)
            #expect(try await client.send(.get, "/console/team", headers: dee.headers()).status == .forbidden)
            let promoted = try await client.send(
                .post, "/console/team/role", headers: form, body: "\(csrf)&email=dee%40example.com&role=admin")
            let deeID = try #require(try await services.accounts.store.user(email: "dee@example.com")).id
            #expect(promoted.status == .seeOther && promoted.headers[.location] == "/console/team?role=\(deeID)")
            #expect(try await client.send(.get, "/console/team", headers: dee.headers()).status == .ok)
            #expect(
                html(try await client.send(.get, "/console/team?role=\(deeID)", headers: admin.headers())).contains(
                    "Ann Agent is now an admin."))
            let ownRole = try await client.send(
                .post, "/console/team/role", headers: form, body: "\(csrf)&email=lead%40example.com&role=agent")
            #expect(ownRole.status == .conflict && html(ownRole).contains("your own role"))
            let apiRole = try await client.send(
                .post, "/console/team/role", headers: form, body: "\(csrf)&email=dee%40example.com&role=api")
            #expect(apiRole.status == .unprocessableContent)
            // A password reset from the page signs the person out and the new password works.
            let newPassword = try await client.send(
                .post, "/console/team/password", headers: form,
                body: "\(csrf)&email=dee%40example.com&password=dee+has+a+new+secret")
            #expect(newPassword.status == .seeOther && newPassword.headers[.location] == "/console/team?reset=\(deeID)")
            #expect(try await client.send(.get, "/console/team", headers: dee.headers()).status == .unauthorized)
            #expect(
                try await services.accounts.logIn(email: "dee@example.com", password: "dee has a new secret") != nil)
            let tooShort = try await client.send(
                .post, "/console/team/password", headers: form, body: "\(csrf)&email=dee%40example.com&password=x")
            #expect(tooShort.status == .unprocessableContent)

            let agent = try await client.signIn(services, email: "ann@example.com", role: .agent)
            let refused = try await client.send(.get, "/console/team", headers: agent.headers())
            #expect(refused.status == .forbidden && html(refused).contains("Only admins"))
            #expect(
                !html(try await client.send(.get, "/console/queue", headers: agent.headers())).contains(
                    "id=\"nav-team\""))
            let refusedPost = try await client.send(
                .post, "/console/team", headers: agent.headers(form: true),
                body: "_csrf=\(agent.csrf)&name=Mal&email=mal%40example.com&role=admin&password=a+long+secret")
            #expect(refusedPost.status == .forbidden)
            #expect(try await services.accounts.store.user(email: "mal@example.com") == nil)
            let refusedRemoval = try await client.send(
                .post, "/console/team/remove", headers: agent.headers(form: true),
                body: "_csrf=\(agent.csrf)&email=bob%40example.com")
            #expect(refusedRemoval.status == .forbidden)
            let refusedRole = try await client.send(
                .post, "/console/team/role", headers: agent.headers(form: true),
                body: "_csrf=\(agent.csrf)&email=ann%40example.com&role=admin")
            #expect(refusedRole.status == .forbidden)
            #expect(try await services.accounts.store.user(email: "bob@example.com") != nil)

            // The same over the admin API, and a password reset that signs the person out.
            let adminToken = try await services.bearer(.admin)
            let reset = try await client.send(
                .put, "/v1/admin/users/ann%40example.com/password", headers: adminToken,
                body: #"{"password":"a brand new secret"}"#)
            #expect(reset.status == .noContent)
            #expect(
                try await client.send(.get, "/console/queue", headers: agent.headers()).status == .unauthorized,
                "old session ended")
            #expect(try await services.accounts.logIn(email: "ann@example.com", password: "a brand new secret") != nil)
            #expect(
                try await services.accounts.logIn(email: "ann@example.com", password: "correct horse battery") == nil)
            #expect(
                try await client.send(
                    .put, "/v1/admin/users/ann%40example.com/password", headers: adminToken,
                    body: #"{"password":"short"}"#
                ).status == .unprocessableContent)
            #expect(
                try await client.send(
                    .put, "/v1/admin/users/nobody%40example.com/password", headers: adminToken,
                    body: #"{"password":"a brand new secret"}"#
                ).status == .notFound)
            #expect(
                try await client.send(
                    .put, "/v1/admin/users/ann%40example.com/password", headers: adminToken,
                    body: #"{"pass":1}"#
                ).status.code / 100 == 4)
            #expect(
                try await client.send(.delete, "/v1/admin/users/bob%40example.com", headers: adminToken).status
                    == .noContent)
            #expect(
                try await client.send(.delete, "/v1/admin/users/bob%40example.com", headers: adminToken).status
                    == .notFound)
            #expect(
                try await client.send(
                    .delete, "/v1/admin/users/ann%40example.com", headers: try await services.bearer(.agent)
                ).status == .forbidden)
        }
    }
}
