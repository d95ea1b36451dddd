import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TicketflowApp
import TicketflowAuth
import TicketflowCore

/// CSAT through the API and through signed one-click links.
@Suite struct RatingTests {
    /// A rating link opened by an API client (not a browser), which gets JSON and problem+json.
    static func getAsAPI(_ client: some TestClientProtocol, _ uri: String) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .get, headers: [.accept: "application/json"])
    }

    /// A ticket the AI answered (the calm billing question over the test help center).
    static func answeredTicket(_ client: some TestClientProtocol, _ services: AppServices) async throws -> Int {
        _ = try await client.post(
            "/v1/kb/articles", PipelineEndToEndTests.helpCenter, headers: try await services.bearer(.knowledge))
        let body = try json(try await client.post("/v1/tickets", AnswerQueueTests.question))
        let ticket = try #require(body["ticket"] as? [String: Any])
        #expect(ticket["status"] as? String == "auto_resolved")
        return try #require(ticket["id"] as? Int)
    }

    @Test func apiRatingOfTheAIAnswer() async throws {
        try await withTestClient { client, services in
            let id = try await Self.answeredTicket(client, services)
            let created = try await client.post("/v1/tickets/\(id)/rating", #"{"score": 5, "comment": "spot on"}"#)
            #expect(created.status == .created)
            #expect(try json(created)["answered_by"] as? String == "ai")
            try expectProblem(
                try await client.post("/v1/tickets/\(id)/rating", #"{"score": 6}"#), .unprocessableContent,
                "validation-failed")
            try expectProblem(
                try await client.post("/v1/tickets/\(id)/rating", #"{"score": "5"}"#), .unprocessableContent,
                "validation-failed")
            try expectProblem(try await client.post("/v1/tickets/999/rating", #"{"score": 3}"#), .notFound, "not-found")
            let unanswered = try json(try await client.post("/v1/tickets", #"{"body": "zzz qqq"}"#))
            let other = try #require((unanswered["ticket"] as? [String: Any])?["id"] as? Int)
            try expectProblem(
                try await client.post("/v1/tickets/\(other)/rating", #"{"score": 3}"#), .conflict, "conflict")
            // Reading ratings back is for agents (DashboardTests checks that gate); the store has it.
            #expect(try await services.store.ratings(ticketID: Int64(id)).map(\.score) == [5])
            #expect(try await client.get("/v1/tickets/\(id)/ratings").status == .unauthorized)
        }
    }

    @Test func signedLinkRatesOnceAndCannotBeForged() async throws {
        try await withTestClient { client, services in
            let id = try await Self.answeredTicket(client, services)
            let signer = try #require(services.ratingLinks)
            let path = signer.path(ticketID: Int64(id), expires: Date().addingTimeInterval(86_400))
            let first = try await client.get(path + "?score=4")
            #expect(first.status == .ok)
            #expect(first.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(String(buffer: first.body).contains("4 out of 5"))
            let second = try await client.get(path + "?score=1")
            #expect(String(buffer: second.body).contains("already counted"))
            #expect(try await services.store.ratings(ticketID: Int64(id)).map(\.score) == [4])
            #expect(try await services.store.ratings(ticketID: Int64(id)).first?.source == "link")

            let parts = path.split(separator: "/")  // v1, ratings, ticket, expires, signature
            try expectProblem(
                try await Self.getAsAPI(client, "/v1/ratings/\(id + 1)/\(parts[3])/\(parts[4])?score=5"), .forbidden,
                "invalid-link")
            try expectProblem(
                try await Self.getAsAPI(client, "/v1/ratings/\(id)/\(Int(parts[3])! + 1)/\(parts[4])?score=5"),
                .forbidden, "invalid-link")
            let forged = (parts[4].first == "a" ? "b" : "a") + parts[4].dropFirst()
            try expectProblem(
                try await Self.getAsAPI(client, "/v1/ratings/\(id)/\(parts[3])/\(forged)?score=5"), .forbidden,
                "invalid-link")
            let expired = signer.path(ticketID: Int64(id), expires: Date().addingTimeInterval(-60))
            try expectProblem(try await Self.getAsAPI(client, expired + "?score=5"), .gone, "link-expired")
            try expectProblem(try await Self.getAsAPI(client, path + "?score=9"), .badRequest, "invalid-parameter")
        }
    }
}
