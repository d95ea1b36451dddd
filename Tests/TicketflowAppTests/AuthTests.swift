import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TicketflowApp
import TicketflowAuth
import TicketflowCore

/// Roles, CSRF and the optional intake token, checked on every protected route.
@Suite struct AuthTests {
    /// Every agent route, as (method, path, JSON body).
    static let agentRoutes: [(HTTPRequest.Method, String, String?)] = [
        (.get, "/v1/agent/queue", nil), (.get, "/v1/agent/feedback", nil),
        (.get, "/v1/agent/tickets/1/escalation", nil), (.get, "/v1/agent/tickets/1/events", nil),
        (.post, "/v1/agent/tickets/1/claim", nil), (.post, "/v1/agent/tickets/1/release", nil),
        (.post, "/v1/agent/tickets/1/send", nil), (.post, "/v1/agent/tickets/1/hand-back", nil),
        (.post, "/v1/agent/tickets/1/edit", #"{"body":"x"}"#),
        (.post, "/v1/agent/tickets/1/relabel", #"{"urgency":2}"#),
        (.post, "/v1/agent/tickets/1/escalate", nil), (.post, "/v1/agent/tickets/1/close", nil),
        (.post, "/v1/agent/tickets/1/assign", #"{"assignee":"a@example.com"}"#),
    ]
    /// Every admin route.
    static let adminRoutes: [(HTTPRequest.Method, String, String?)] = [
        (.get, "/v1/admin/users", nil),
        (.post, "/v1/admin/users", #"{"email":"x@example.com","name":"X","role":"agent","password":"0123456789ab"}"#),
        (.post, "/v1/admin/tokens", #"{"name":"bridge","role":"api"}"#),
        (.get, "/v1/admin/tokens", nil), (.delete, "/v1/admin/tokens/1", nil),
        (.delete, "/v1/admin/users/x%40example.com", nil),
    ]
    /// Every console page and form.
    static let consoleRoutes: [(HTTPRequest.Method, String)] = [
        (.get, "/console/queue"), (.get, "/console/tickets/1"), (.get, "/console/kb"), (.get, "/console/kb/x"),
        (.post, "/console/tickets/1/claim"), (.post, "/console/tickets/1/send"), (.post, "/console/tickets/1/relabel"),
        (.post, "/console/tickets/1/escalate"), (.post, "/console/tickets/1/close"),
        (.post, "/console/tickets/1/hand-back"),
        (.post, "/console/tickets/1/release"), (.post, "/console/logout"),
    ]

    @Test func agentAndAdminRoutesRefuseAnonymousAndWrongRoleCallers() async throws {
        try await withTestClient { client, services in
            _ = try await services.seedReviewTicket()
            let api = try await services.bearer(.api)
            let agent = try await services.bearer(.agent)
            let json: HTTPFields = [.contentType: "application/json"]
            for (method, path, body) in Self.agentRoutes {
                try expectProblem(
                    try await client.send(method, path, headers: json, body: body), .unauthorized, "unauthorized")
                try expectProblem(
                    try await client.send(method, path, headers: api, body: body), .forbidden, "forbidden")
                var wrong = json
                wrong[.authorization] = "Bearer tf_not-a-real-token"
                try expectProblem(
                    try await client.send(method, path, headers: wrong, body: body), .unauthorized, "unauthorized")
            }
            for (method, path, body) in Self.adminRoutes {
                try expectProblem(
                    try await client.send(method, path, headers: json, body: body), .unauthorized, "unauthorized")
                try expectProblem(
                    try await client.send(method, path, headers: api, body: body), .forbidden, "forbidden")
                try expectProblem(
                    try await client.send(method, path, headers: agent, body: body), .forbidden, "forbidden")
            }
            for (method, path) in Self.consoleRoutes {
                let anonymous = try await client.send(
                    method, path, headers: [.contentType: "application/x-www-form-urlencoded"], body: "")
                #expect(anonymous.status == .unauthorized, "\(method) \(path)")
                #expect(anonymous.headers[.contentType]?.hasPrefix("text/html") == true)
                var token = api
                token[.contentType] = "application/x-www-form-urlencoded"
                #expect(
                    try await client.send(method, path, headers: token, body: "").status == .forbidden,
                    "\(method) \(path)")
            }
            // An anonymous page visit shows the sign-in form.
            #expect(html(try await client.get("/console/queue")).contains("id=\"login-form\""))
        }
    }

    @Test func adminsCreateUsersAndTokensThatWork() async throws {
        try await withTestClient { client, services in
            let admin = try await services.bearer(.admin)
            let created = try await client.send(
                .post, "/v1/admin/users", headers: admin,
                body: #"{"email":"Bob@Example.com","name":"Bob","role":"agent","password":"0123456789ab"}"#)
            #expect(created.status == .created)
            let user = try json(created)
            #expect(user["email"] as? String == "bob@example.com" && user["password_hash"] == nil)
            try expectProblem(
                try await client.send(
                    .post, "/v1/admin/users", headers: admin,
                    body: #"{"email":"bob@example.com","name":"B","role":"agent","password":"0123456789ab"}"#),
                .conflict, "conflict")
            try expectProblem(
                try await client.send(
                    .post, "/v1/admin/users", headers: admin,
                    body: #"{"email":"c@example.com","name":"C","role":"agent","password":"short"}"#),
                .unprocessableContent, "validation-failed")
            let users = try json(try await client.send(.get, "/v1/admin/users", headers: admin))
            #expect((users["users"] as? [[String: Any]])?.count == 1)

            let token = try json(
                try await client.send(
                    .post, "/v1/admin/tokens", headers: admin, body: #"{"name":"script","role":"agent"}"#))
            let secret = try #require(token["token"] as? String)
            #expect(secret.hasPrefix("tf_") && secret.count == 67)
            let queue = try await client.send(.get, "/v1/agent/queue", headers: [.authorization: "Bearer \(secret)"])
            #expect(queue.status == .ok)

            // Listed without secret or hash, then revoked: refused from the next request on.
            let listing = try await client.send(.get, "/v1/admin/tokens", headers: admin)
            let listed = try #require(try json(listing)["tokens"] as? [[String: Any]])
            let id = try #require(token["id"] as? Int)
            #expect(listed.contains { $0["id"] as? Int == id && $0["name"] as? String == "script" })
            let raw = String(buffer: listing.body)
            #expect(!raw.contains(secret) && !raw.contains("token_hash") && !raw.contains("tokenHash"))
            #expect(try await client.send(.delete, "/v1/admin/tokens/\(id)", headers: admin).status == .noContent)
            #expect(
                try await client.send(.get, "/v1/agent/queue", headers: [.authorization: "Bearer \(secret)"]).status
                    == .unauthorized)
            #expect(try await client.send(.delete, "/v1/admin/tokens/\(id)", headers: admin).status == .notFound)
            #expect(try await client.send(.delete, "/v1/admin/tokens/abc", headers: admin).status == .notFound)
        }
    }

    @Test func cookieSessionsNeedTheCSRFTokenForUnsafeRequests() async throws {
        try await withTestClient { client, services in
            let id = try await services.seedReviewTicket()
            let session = try await client.signIn(services)
            // JSON API: reads are fine, writes need the X-CSRF-Token header.
            #expect(try await client.send(.get, "/v1/agent/queue", headers: session.headers()).status == .ok)
            try expectProblem(
                try await client.send(.post, "/v1/agent/tickets/\(id)/claim", headers: session.headers()), .forbidden,
                "csrf")
            var wrong = session.headers()
            wrong[HTTPField.Name("X-CSRF-Token")!] = "0000"
            try expectProblem(
                try await client.send(.post, "/v1/agent/tickets/\(id)/claim", headers: wrong), .forbidden, "csrf")
            #expect(try await services.store.ticketEvents(ticketID: id).isEmpty, "refused requests wrote nothing")
            #expect(
                try await client.send(
                    .post, "/v1/agent/tickets/\(id)/claim", headers: session.headers(csrfHeader: true)
                ).status == .ok)

            // Console forms: the hidden _csrf field must match.
            let forged = try await client.send(
                .post, "/console/tickets/\(id)/close", headers: session.headers(form: true), body: "tags=x")
            #expect(forged.status == .forbidden)
            #expect(html(forged).contains("Form expired"))
            let wrongField = try await client.send(
                .post, "/console/tickets/\(id)/close", headers: session.headers(form: true),
                body: "_csrf=deadbeef&tags=x")
            #expect(wrongField.status == .forbidden)
            #expect(try await services.store.ticketDetail(id: id)?.ticket.status == .awaitingReview)

            // Sign-in itself needs the form's token and cookie.
            let noToken = try await client.send(
                .post, "/console/login", headers: [.contentType: "application/x-www-form-urlencoded"],
                body: "email=ann%40example.com&password=correct+horse+battery")
            #expect(noToken.status == .forbidden)
            #expect(Scrape.cookie("tf_session", in: noToken) == nil)
        }
    }

    @Test func signInSetsAStrictHttpOnlyCookieAndSignOutEndsIt() async throws {
        try await withTestClient { client, services in
            _ = try await services.accounts.createUser(
                email: "ann@example.com", name: "Ann", role: .agent, password: "correct horse battery")
            let page = try await client.get("/console/login")
            let token = try #require(Scrape.cookie("tf_login_csrf", in: page))
            let headers: HTTPFields = [
                .cookie: "tf_login_csrf=\(token)", .contentType: "application/x-www-form-urlencoded",
            ]
            let bad = try await client.send(
                .post, "/console/login", headers: headers,
                body: "_csrf=\(token)&email=ann%40example.com&password=wrong+password")
            #expect(bad.status == .unauthorized && html(bad).contains("Wrong email or password."))
            let good = try await client.send(
                .post, "/console/login", headers: headers,
                body:
                    "_csrf=\(token)&next=https%3A%2F%2Fevil.example%2F&email=ann%40example.com&password=correct+horse+battery"
            )
            #expect(good.status == .seeOther && good.headers[.location] == "/console/queue", "no open redirect")
            let setCookie = try #require(good.headers[values: .setCookie].first { $0.hasPrefix("tf_session=") })
            #expect(
                setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict") && !setCookie.contains("Secure")
            )

            let cookie = try #require(Scrape.cookie("tf_session", in: good))
            let queue = try await client.send(.get, "/console/queue", headers: [.cookie: "tf_session=\(cookie)"])
            #expect(queue.status == .ok)
            let csrf = try #require(Scrape.hidden("_csrf", in: html(queue)))
            let out = try await client.send(
                .post, "/console/logout",
                headers: [.cookie: "tf_session=\(cookie)", .contentType: "application/x-www-form-urlencoded"],
                body: "_csrf=\(csrf)")
            #expect(out.status == .seeOther)
            #expect(
                try await client.send(.get, "/console/queue", headers: [.cookie: "tf_session=\(cookie)"]).status
                    == .unauthorized)
        }
    }

    @Test func intakeTokenProtectsTheTicketAPIWhenConfigured() async throws {
        let intake = "intake-secret-0123456789"
        try await withTestClient(intakeToken: intake) { client, services in
            try expectProblem(try await client.post("/v1/tickets", #"{"body":"hello"}"#), .unauthorized, "unauthorized")
            try expectProblem(try await client.get("/v1/tickets"), .unauthorized, "unauthorized")
            var headers = jsonHeaders
            headers[.authorization] = "Bearer \(intake)"
            #expect(try await client.post("/v1/tickets", #"{"body":"hello"}"#, headers: headers).status == .created)
            let api = try await services.bearer(.api)
            #expect(try await client.post("/v1/tickets", #"{"body":"hi"}"#, headers: api).status == .created)
            // The intake token is for intake only: it cannot read what it created.
            try expectProblem(try await client.send(.get, "/v1/agent/queue", headers: headers), .forbidden, "forbidden")
            try expectProblem(try await client.send(.get, "/v1/tickets", headers: headers), .forbidden, "forbidden")
            try expectProblem(try await client.send(.get, "/v1/tickets/1", headers: headers), .forbidden, "forbidden")
            // A wrong token is refused, not treated as anonymous.
            try expectProblem(
                try await client.post(
                    "/v1/tickets", #"{"body":"x"}"#,
                    headers: [
                        .authorization: "Bearer not-a-token", .contentType: "application/json",
                    ]), .unauthorized, "unauthorized")
            #expect(try await client.get("/healthz").status == .ok)
        }
        try await withTestClient { client, _ in
            let open = try await client.post("/v1/tickets", #"{"body":"open by default"}"#)
            #expect(open.status == .created)
        }
    }
}
