import Foundation
import Hummingbird
import TicketflowCore

/// Customer ratings and the dashboard figures as JSON. Rating a ticket sits
/// with intake (the same callers as `POST /v1/tickets`); reading ratings and
/// metrics is for agents and admins.
struct AnalyticsRoutes: Sendable {
    let store: any AnalyticsStore
    /// Looks up a ticket's channel, which an intake credential must share to rate it.
    let tickets: any TicketStore
    let body: JSONBody
    /// Whether callers without credentials may rate, as they may open tickets.
    var anonymousIntake = true
    /// The team's targets, against which the summary's indicators are judged.
    var targets = DashboardTargets.defaults
    /// Longest accepted rating comment, in characters.
    static let maximumCommentLength = 2000

    /// The body of `POST /v1/tickets/{id}/rating`.
    struct RatingRequest: Decodable {
        var score: Int
        var comment: String?
    }

    func register(on router: Router<TicketflowRequestContext>) {
        router.group("v1/tickets").add(middleware: RoleGate([.api, .agent], allowsAnonymous: anonymousIntake))
            .post(":id/rating", use: rate)
        router.group("v1/tickets").add(middleware: RoleGate([.agent])).get(":id/ratings", use: ratings)
        router.group("v1/metrics").add(middleware: RoleGate([.agent])).get("summary", use: summary)
    }

    @Sendable func rate(_ request: Request, context: TicketflowRequestContext) async throws -> Response {
        let id = try context.positiveID(of: "ticket")
        if case .customer(let channel?) = TicketRoutes.authority(context) {
            guard let ticket = try await tickets.ticketDetail(id: id)?.ticket else {
                throw Problem.notFound("no ticket \(id)")
            }
            try IntakeAuthority.customer(channel: channel).check(
                author: .customer, ticketChannel: ticket.channel, ticketID: id)
        }
        let (input, _) = try await body.decode(RatingRequest.self, from: request)
        guard (1...5).contains(input.score) else { throw Problem.unprocessable("score must be an integer from 1 to 5") }
        if let comment = input.comment, comment.count > Self.maximumCommentLength {
            throw Problem.unprocessable("comment must be at most \(Self.maximumCommentLength) characters")
        }
        let rating = try await store.addRating(
            ticketID: id, score: input.score, comment: input.comment, source: "api", at: Date())
        return try JSONBody.response(rating, status: .created)
    }

    @Sendable func ratings(_ request: Request, context: TicketflowRequestContext) async throws -> Response {
        try JSONBody.response(["ratings": try await store.ratings(ticketID: try context.positiveID(of: "ticket"))])
    }

    /// `?days=N` (1–365, default 30): tickets created in the last N days.
    @Sendable func summary(_ request: Request, context: TicketflowRequestContext) async throws -> Response {
        var days = 30
        if let raw = request.uri.queryParameters["days"].map(String.init) {
            guard let value = Int(raw), (1...365).contains(value) else {
                throw Problem.badRequest("invalid-parameter", "days must be an integer from 1 to 365")
            }
            days = value
        }
        let since = Date().addingTimeInterval(-Double(days) * 86_400)
        return try JSONBody.response(
            SupportMetrics.summarize(try await store.ticketFacts(since: since), since: since, targets: targets))
    }
}
