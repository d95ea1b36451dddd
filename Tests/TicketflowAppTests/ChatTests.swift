import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TicketflowApp
import TicketflowAuth
import TicketflowChat
import TicketflowCore
import TicketflowEscalation
import TicketflowTesting

/// The chat widget's API over the real application: who may talk, what the visitor sees.
@Suite struct ChatTests {
    @Test func originsIdentitiesAndTokensAreChecked() async throws {
        try await withTestClient(configure: { configureChat(&$0) }) { client, _ in
            let allowed = try await client.chat(.post, "/v1/chat/sessions", body: #"{"site":"shop"}"#)
            #expect(allowed.status == .ok)
            #expect(allowed.headers[.accessControlAllowOrigin] == shopOrigin)
            let body = try json(allowed)
            #expect(body["resumed"] as? Bool == false)
            #expect((body["site"] as? [String: Any])?["id"] as? String == "shop")

            let evil = try await client.chat(
                .post, "/v1/chat/sessions", origin: "https://evil.example", body: #"{"site":"shop"}"#)
            try expectProblem(evil, .forbidden, "chat-origin-not-allowed")
            // The refused page may read the refusal (and only that), so the widget can say so.
            #expect(evil.headers[.accessControlAllowOrigin] == "https://evil.example")
            try expectProblem(
                try await client.chat(.post, "/v1/chat/sessions", origin: nil, body: #"{"site":"shop"}"#), .forbidden,
                "chat-origin-not-allowed")
            try expectProblem(
                try await client.chat(.post, "/v1/chat/sessions", body: #"{"site":"nope"}"#), .notFound,
                "chat-unknown-site")

            // A signed user is accepted; a forged hash is refused.
            let hash = SiteIdentity.hash(userID: "user-42", secret: shopSecret)
            _ = try await client.chatSession(#","user":{"id":"user-42","hash":"\#(hash)","name":"Pat"}"#)
            try expectProblem(
                try await client.chat(
                    .post, "/v1/chat/sessions", body: #"{"site":"shop","user":{"id":"user-42","hash":"00ff"}}"#),
                .forbidden, "chat-identity-not-verified")

            // A forged or missing token, and a good token from a page of another origin.
            let token = try #require(body["token"] as? String)
            try expectProblem(
                try await client.chat(.get, "/v1/chat/conversation", token: token + "0"), .unauthorized,
                "chat-token-invalid")
            try expectProblem(try await client.chat(.get, "/v1/chat/conversation"), .unauthorized, "chat-token-invalid")
            try expectProblem(
                try await client.chat(.get, "/v1/chat/conversation", token: token, origin: "https://evil.example"),
                .forbidden, "chat-origin-not-allowed")
            // A stored token that no longer works starts a new visitor instead of failing the page.
            let fresh = try await client.chat(
                .post, "/v1/chat/sessions", body: #"{"site":"shop","token":"v1.bogus.00"}"#)
            #expect(try json(fresh)["resumed"] as? Bool == false)

            // Preflight lets the call through to its origin check; without an Origin it is refused.
            let preflight = try await client.chat(.options, "/v1/chat/messages")
            #expect(preflight.status == .noContent)
            #expect(preflight.headers[.accessControlAllowHeaders]?.contains("Authorization") == true)
            #expect(try await client.chat(.options, "/v1/chat/messages", origin: nil).status == .forbidden)
        }
    }

    @Test func anAnswerComesWithItsSourceAndTheConversationSurvivesARestart() async throws {
        try await withTemporaryDirectory { dir in
            let first = try await TestApp.services(dataDirectory: dir) { configureChat(&$0) }
            let token = try await TestApp.application(first).test(.router) { client in
                var token = try await client.chatSession()
                let posted = try await client.chat(
                    .post, "/v1/chat/messages", token: token, body: #"{"text":"How do I reset my password?"}"#)
                #expect(posted.status == .accepted)
                let body = try json(posted)
                token = try #require(body["token"] as? String, "the first message opens the ticket: a new token")
                let messages = try #require((body["conversation"] as? [String: Any])?["messages"] as? [[String: Any]])
                #expect(messages.map { $0["author"] as? String } == ["customer", "ai"])
                let answer = messages[1]
                #expect((answer["text"] as? String)?.contains("[Source:") == false)
                let sources = try #require(answer["sources"] as? [[String: Any]])
                #expect(sources.count == 1)
                let url = try #require(sources.first?["url"] as? String)
                #expect(url == "/help/articles/account-password-reset")
                // The source link opens a public page of that article, as text.
                let page = try await client.get(url)
                #expect(page.status == .ok)
                #expect(String(buffer: page.body).contains("Resetting your password"))
                #expect(page.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
                // Thumbs up on the answer is a rating of the ticket from the chat.
                let answerID = try #require(answer["id"] as? Int)
                let rated = try await client.chat(
                    .post, "/v1/chat/ratings", token: token, body: #"{"message_id":\#(answerID),"helpful":true}"#)
                #expect(try json(rated)["rating"] as? String == "up")
                let ticketID = try #require((body["conversation"] as? [String: Any])?["ticket_id"] as? Int)
                let ratings = try await first.store.ratings(ticketID: Int64(ticketID))
                #expect(ratings.map(\.score) == [5])
                #expect(ratings.first?.source == "chat")
                #expect(try await first.store.ticketDetail(id: Int64(ticketID))?.ticket.channel == .chat)
                return token
            }
            // Another server process on the same data: the page reloads and resumes with its stored token.
            let second = try await TestApp.services(dataDirectory: dir) { configureChat(&$0) }
            try await TestApp.application(second).test(.router) { client in
                let resumed = try await client.chat(
                    .post, "/v1/chat/sessions", body: #"{"site":"shop","token":"\#(token)"}"#)
                let body = try json(resumed)
                #expect(body["resumed"] as? Bool == true)
                let messages = try #require((body["conversation"] as? [String: Any])?["messages"] as? [[String: Any]])
                #expect(messages.count == 2)
                #expect(messages.last?["rating"] as? String == "up")
            }
        }
    }

    @Test func aThumbsDownTakesTheAnswerOutOfTheAnswerCache() async throws {
        try await withTestClient(configure: { configureChat(&$0) }) { client, services in
            var token = try await client.chatSession()
            let question = #"{"text":"How do I reset my password?"}"#
            func ask() async throws -> (answerID: Int, engine: String?) {
                let body = try json(try await client.chat(.post, "/v1/chat/messages", token: token, body: question))
                if let renewed = body["token"] as? String { token = renewed }
                let conversation = try #require(body["conversation"] as? [String: Any])
                let answer = try #require((conversation["messages"] as? [[String: Any]])?.last)
                #expect(answer["author"] as? String == "ai")
                let id = Int64(try #require(conversation["ticket_id"] as? Int))
                let trace = try #require(try await services.store.ticketDetail(id: id)?.trace)
                return (try #require(answer["id"] as? Int), trace.last { $0.stage == "answering" }?.engine)
            }
            #expect(try await ask().engine != "answer-cache")
            let second = try await ask()
            #expect(second.engine == "answer-cache")
            _ = try await client.chat(
                .post, "/v1/chat/ratings", token: token, body: #"{"message_id":\#(second.answerID),"helpful":false}"#)
            #expect(try await ask().engine != "answer-cache", "written afresh after the thumbs-down")
        }
    }

    @Test func sizeRateAndEmailLimits() async throws {
        let limits = ChatLimits(maximumMessageCharacters: 50, messagesPerVisitorPerMinute: 2)
        try await withTestClient(configure: { configureChat(&$0, limits: limits) }) { client, services in
            var token = try await client.chatSession()
            try expectProblem(
                try await client.chat(
                    .post, "/v1/chat/messages", token: token, body: #"{"text":"\#(String(repeating: "x", count: 51))"}"#
                ),
                .contentTooLarge, "chat-message-too-long")
            try expectProblem(
                try await client.chat(.post, "/v1/chat/email", token: token, body: #"{"email":"pat@example.com"}"#),
                .badRequest, "chat-bad-request")
            let first = try await client.chat(
                .post, "/v1/chat/messages", token: token, body: #"{"text":"My export keeps crashing"}"#)
            token = try #require(try json(first)["token"] as? String)
            _ = try await client.chat(.post, "/v1/chat/messages", token: token, body: #"{"text":"Still crashing"}"#)
            let third = try await client.chat(.post, "/v1/chat/messages", token: token, body: #"{"text":"Hello?"}"#)
            try expectProblem(third, .tooManyRequests, "chat-rate-limited")
            #expect(Int(third.headers[.retryAfter] ?? "") ?? 0 > 0)
            // The email a visitor leaves goes on their customer record, masked back to them.
            try expectProblem(
                try await client.chat(.post, "/v1/chat/email", token: token, body: #"{"email":"not an address"}"#),
                .badRequest, "chat-bad-request")
            let saved = try await client.chat(
                .post, "/v1/chat/email", token: token, body: #"{"email":"pat@example.com"}"#)
            #expect(try json(saved)["email"] as? String == "p…@example.com")
            #expect(try json(saved)["will_email"] as? Bool == false, "no SMTP here: the widget says so")
            let page = try await services.store.listTickets(TicketQuery())
            let chat = try #require(page.tickets.first { $0.channel == .chat })
            #expect(try await services.store.ticketDetail(id: chat.id)?.customer?.email == "pat@example.com")
        }
    }

    @Test func theWidgetScriptIsVersionedAndTheDemoPageHasNoInlineScript() async throws {
        try await withTestClient(configure: { configureChat(&$0) }) { client, services in
            let plain = try await client.get("/widget.js")
            #expect(plain.status == .ok)
            #expect(plain.headers[.cacheControl] == "no-cache")
            let version = WidgetAsset.version
            let versioned = try await client.get("/widget/\(version)/widget.js")
            #expect(versioned.headers[.cacheControl]?.contains("immutable") == true)
            #expect(versioned.body == plain.body)
            let revalidated = try await client.execute(
                uri: "/widget.js", method: .get, headers: [.ifNoneMatch: "\"\(version)\""]
            ) { $0 }
            #expect(revalidated.status == .notModified)
            let demo = try await client.get("/demo/chat")
            #expect(demo.status == .ok)
            let page = String(buffer: demo.body)
            #expect(page.contains(WidgetAsset.path))
            #expect(!page.contains("<script>"), "the page embeds the snippet only")
            #expect(demo.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
            // Admins find each site's snippet on the Setup page.
            let admin = try await client.signIn(services, email: "lead@example.com", role: .admin)
            let setup = html(try await client.send(.get, "/console/setup", headers: admin.headers()))
            #expect(setup.contains("<td>shop</td><td>https://shop.example ws://127.0.0.1</td>"), "\(setup)")
            #expect(setup.contains("data-site=&quot;shop&quot;") && setup.contains(WidgetAsset.path))
        }
    }
}
