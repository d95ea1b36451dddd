import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TicketflowApp
import TicketflowCore
import TicketflowKnowledge
import TicketflowTesting

/// Writing the knowledge base from the console: an admin's article is searchable and retrievable at once,
/// rendered safely, previewed without saving, and deletable; agents read only.
@Suite struct KnowledgeConsoleTests {
    static let body = """
        # Gift cards

        Gift cards can be **redeemed** at checkout.

        1. Open the basket.
        2. Enter the gift card code.

        See [our terms](https://shop.example/terms) or [this](javascript:alert(1)).
        <script>alert('x')</script>
        """

    @Test func anAdminWritesAnArticleThatSearchAndAnswersUseAtOnce() async throws {
        try await withTestClient { client, services in
            let admin = try await client.signIn(services, email: "lead@example.com", role: .admin)
            let form = admin.headers(form: true)
            let fields =
                "_csrf=\(admin.csrf)&id=&title=Redeeming+gift+cards&category=billing&tags=gift,+checkout&body="
                + (Self.body.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
            let preview = try await client.send(.post, "/console/kb", headers: form, body: fields + "&action=preview")
            #expect(preview.status == .ok && html(preview).contains("<h2>Gift cards</h2>"))
            #expect(try await services.engines.knowledge.store.articles().isEmpty, "a preview saves nothing")

            let saved = try await client.send(.post, "/console/kb", headers: form, body: fields + "&action=save")
            #expect(saved.status == .seeOther)
            let location = try #require(saved.headers[.location])
            #expect(location == "/console/kb/console-redeeming-gift-cards?saved=1")
            let page = html(try await client.send(.get, location, headers: admin.headers()))
            #expect(page.contains("Saved. Search and answers use it now."))
            #expect(page.contains("<h2>Gift cards</h2>") && page.contains("<ol>\n<li>Open the basket.</li>"))
            #expect(page.contains("<p>See our terms or this"), "link text kept, as the importer keeps it")
            #expect(!page.contains("<script>alert") && !page.contains("href=\"javascript"), "no markup from the text")

            #expect(page.contains("No answer has cited it yet."))
            let ticket = try await services.seedReviewTicket(status: .autoResolved)
            let detail = try #require(try await services.store.ticketDetail(id: ticket))
            _ = try await services.store.appendToTicket(
                TicketUpdate(
                    ticket: detail.ticket,
                    messages: [
                        NewMessage(
                            author: .ai, body: "Redeem it at checkout.", createdAt: Date(),
                            citations: [Citation(articleID: "console-redeeming-gift-cards", title: "Gift cards")])
                    ], trace: []))
            let cited = html(
                try await client.send(.get, "/console/kb/console-redeeming-gift-cards", headers: admin.headers()))
            #expect(cited.contains("Cited in 1 answer (1 by the AI) on 1 ticket; 1 of them is settled"))
            #expect(cited.contains("href=\"/console/tickets/\(ticket)\""))
            let found = html(try await client.send(.get, "/console/kb?q=redeem+gift+card", headers: admin.headers()))
            #expect(found.contains("href=\"/console/kb/console-redeeming-gift-cards\""))
            // Retrieval for tickets reads the new article without a restart.
            let passages = await services.engines.knowledge.index.retrieve(
                RetrievalRequest(query: "how do I redeem a gift card at checkout", topK: 3, minScore: 0.1))
            #expect(passages.first?.articleID == "console-redeeming-gift-cards")

            // Editing keeps the id and bumps the version; a second new article with the same title is refused.
            let edited = try await client.send(
                .post, "/console/kb", headers: form,
                body:
                    "_csrf=\(admin.csrf)&id=console-redeeming-gift-cards&title=Redeeming+gift+cards&body=Codes+never+expire.&action=save"
            )
            #expect(edited.status == .seeOther)
            let article = try #require(
                try await services.engines.knowledge.store.article(id: "console-redeeming-gift-cards"))
            #expect(article.version == 2 && article.body.contains("never expire"))
            let twin = try await client.send(.post, "/console/kb", headers: form, body: fields + "&action=save")
            #expect(twin.status == .conflict)
            let empty = try await client.send(
                .post, "/console/kb", headers: form, body: "_csrf=\(admin.csrf)&id=&title=Empty&body=+&action=save")
            #expect(empty.status == .unprocessableContent)

            let deleted = try await client.send(
                .post, "/console/kb/console-redeeming-gift-cards/delete", headers: form, body: "_csrf=\(admin.csrf)")
            #expect(deleted.status == .seeOther && deleted.headers[.location] == "/console/kb?deleted=1")
            #expect(try await services.engines.knowledge.store.articles().isEmpty)
            let gone = await services.engines.knowledge.index.retrieve(
                RetrievalRequest(query: "redeem a gift card", topK: 3, minScore: 0.1))
            #expect(gone.isEmpty)
        }
    }

    @Test func agentsReadButDoNotWrite() async throws {
        try await withTestClient { client, services in
            let agent = try await client.signIn(services)
            let list = html(try await client.send(.get, "/console/kb", headers: agent.headers()))
            #expect(!list.contains("id=\"kb-new\""))
            #expect(try await client.send(.get, "/console/kb/new", headers: agent.headers()).status == .forbidden)
            let post = try await client.send(
                .post, "/console/kb", headers: agent.headers(form: true),
                body: "_csrf=\(agent.csrf)&title=Mine&body=Text&action=save")
            #expect(post.status == .forbidden)
            #expect(try await services.engines.knowledge.store.articles().isEmpty)
        }
    }

    @Test func questionsWithNoArticleShowAsGapsToWrite() async throws {
        try await withTestClient { client, services in
            for text in ["Can I pay with a gift card?", "How do I redeem a gift card code?", "Do you ship to Norway?"] {
                let body = try JSONSerialization.data(withJSONObject: ["subject": "", "body": text])
                #expect(try await client.post("/v1/tickets", String(decoding: body, as: UTF8.self)).status == .created)
            }
            let agent = try await client.signIn(services)
            let page = html(try await client.send(.get, "/console/kb", headers: agent.headers()))
            let gaps = try #require(
                page.range(of: "id=\"kb-gaps\"").map { String(page[$0.lowerBound...].prefix(1500)) })
            #expect(gaps.contains("<td>gift, card") || gaps.contains("<td>card, gift"), "\(gaps)")
            #expect(gaps.contains("<td>2</td>") && gaps.contains("Do you ship to Norway?"))
            let searched = html(try await client.send(.get, "/console/kb?q=gift", headers: agent.headers()))
            #expect(!searched.contains("id=\"kb-gaps\""), "a search shows results only")
            // The dashboard shows the largest gaps too.
            let dashboard = html(try await client.send(.get, "/console/dashboard", headers: agent.headers()))
            let card = try #require(
                dashboard.range(of: "id=\"dashboard-gaps\"").map { String(dashboard[$0.lowerBound...].prefix(1500)) })
            #expect(card.contains("gift") && card.contains("<td>2</td>") && card.contains("Do you ship to Norway?"))
        }
    }
}
