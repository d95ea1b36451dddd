import Foundation
import Hummingbird
import TicketflowCore

/// `/v1/qa`: run the QA review on demand (admins) and read its reviews
/// (agents and admins).
struct QARoutes: Sendable {
    let store: any AnalyticsStore
    let run: @Sendable (Date) async throws -> QARunReport
    let body: JSONBody

    /// The optional body of `POST /v1/qa/run`.
    struct RunRequest: Decodable {
        var since: String?
    }

    func register(on router: Router<TicketflowRequestContext>) {
        router.group("v1/qa").add(middleware: RoleGate([.admin])).post("run", use: runNow)
        router.group("v1/qa").add(middleware: RoleGate([.agent])).get("reviews", use: reviews)
    }

    /// `since` from the body or the query (YYYY-MM-DD or ISO 8601), default 24 hours ago.
    @Sendable func runNow(_ request: Request, context: TicketflowRequestContext) async throws -> Response {
        let input = try await body.decodeIfPresent(RunRequest.self, from: request)
        let raw = input?.since ?? request.uri.queryParameters["since"].map(String.init)
        return try JSONBody.response(try await run(try Self.since(raw)))
    }

    @Sendable func reviews(_ request: Request, context: TicketflowRequestContext) async throws -> Response {
        let since = try Self.since(request.uri.queryParameters["since"].map(String.init))
        return try JSONBody.response(ReviewsResponse(reviews: try await store.qaReviews(since: since)))
    }

    static func since(_ raw: String?) throws -> Date {
        do {
            return try QASince.parse(raw, now: Date())
        } catch let error as ValidationError {
            throw Problem.badRequest("invalid-parameter", error.description)
        }
    }
}

/// `GET /v1/qa/reviews` response.
struct ReviewsResponse: Encodable {
    var reviews: [QAReview]
}
