import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TicketflowApp
import TicketflowAuth
import TicketflowCore

/// A console sign-in as a test client holds it: the cookie and the session's CSRF token.
struct ConsoleSession {
    var cookie: String
    var csrf: String

    /// Headers that send the session cookie (and, for JSON calls, the CSRF header).
    func headers(csrfHeader: Bool = false, form: Bool = false) -> HTTPFields {
        var headers: HTTPFields = [.cookie: "tf_session=\(cookie)"]
        if csrfHeader { headers[HTTPField.Name("X-CSRF-Token")!] = csrf }
        if form { headers[.contentType] = "application/x-www-form-urlencoded" }
        return headers
    }
}

extension AppServices {
    /// A ticket waiting for review with an AI draft, stored directly so the
    /// tests do not depend on what the engines decide.
    func seedReviewTicket(
        subject: String = "Charged twice", body: String = "I was charged twice, please refund one.",
        draft: String = "1. Open Settings > Billing.\n2. Report the duplicate charge.",
        status: TicketStatus = .awaitingReview
    ) async throws -> Int64 {
        let now = Date()
        let ticket = Ticket(
            id: 0, channel: .email, subject: subject, status: status, category: "billing", categoryConfidence: 0.7,
            sentiment: .negative, urgency: 4, route: .aiDraftHumanReview, createdAt: now)
        let intake = TicketIntake(
            idempotencyKey: nil, requestFingerprint: nil,
            customer: CustomerInput(
                externalID: "cus-\(UUID().uuidString)", name: "Dana", plan: "pro", lifetimeValue: 1240),
            ticket: ticket, messages: [NewMessage(author: .customer, body: body, createdAt: now)],
            draft: AnswerDraft(
                body: draft, citations: [Citation(articleID: "duplicate-charges", title: "Duplicate charges")],
                confidence: 0.6, reasons: ["route_requires_review", "low_confidence"]),
            trace: [
                TraceEntry(
                    stage: "answering", input: "1 passage", output: "held for review", score: 0.6, engine: "extractive",
                    engineVersion: "1", createdAt: now,
                    details: ["answer_engine": "extractive", "reasons": "route_requires_review,low_confidence"])
            ])
        return try await store.createTicket(intake).detail.ticket.id
    }

    /// Bearer headers for a new API token with `role`.
    func bearer(_ role: AgentRole, name: String = "test") async throws -> HTTPFields {
        let (secret, _) = try await accounts.createAPIToken(name: "\(name)-\(role.rawValue)", role: role)
        return [.authorization: "Bearer \(secret)", .contentType: "application/json"]
    }
}

extension TestClientProtocol {
    /// Sends a request with headers and an optional body.
    func send(
        _ method: HTTPRequest.Method, _ uri: String, headers: HTTPFields = [:], body: String? = nil
    ) async throws -> TestResponse {
        try await execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }) { $0 }
    }

    /// Creates a user and signs in through the console's login form, as a browser would.
    func signIn(
        _ services: AppServices, email: String = "ann@example.com", role: AgentRole = .agent,
        name: String = "Ann Agent"
    ) async throws -> ConsoleSession {
        _ = try await services.accounts.createUser(
            email: email, name: name, role: role, password: "correct horse battery")
        let page = try await get("/console/login")
        let loginCSRF = try #require(Scrape.cookie("tf_login_csrf", in: page))
        let form = "_csrf=\(loginCSRF)&next=%2Fconsole%2Fqueue&email=\(email)&password=correct+horse+battery"
        let response = try await send(
            .post, "/console/login",
            headers: [.cookie: "tf_login_csrf=\(loginCSRF)", .contentType: "application/x-www-form-urlencoded"],
            body: form)
        #expect(response.status == .seeOther)
        let cookie = try #require(Scrape.cookie("tf_session", in: response))
        let queue = try await send(.get, "/console/queue", headers: [.cookie: "tf_session=\(cookie)"])
        let csrf = try #require(Scrape.hidden("_csrf", in: html(queue)))
        return ConsoleSession(cookie: cookie, csrf: csrf)
    }
}

/// Reads cookies and hidden form fields out of responses.
enum Scrape {

    /// The value a response's Set-Cookie headers give `name`.
    static func cookie(_ name: String, in response: TestResponse) -> String? {
        for value in response.headers[values: .setCookie] where value.hasPrefix(name + "=") {
            return String(value.dropFirst(name.count + 1).prefix { $0 != ";" })
        }
        return nil
    }

    /// The value of the first hidden input named `name`.
    static func hidden(_ name: String, in html: String) -> String? {
        guard let range = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }
}

/// A response body as text.
func html(_ response: TestResponse) -> String {
    String(decoding: response.body.readableBytesView, as: UTF8.self)
}
