import Foundation
import Hummingbird
import TicketflowAuth
import TicketflowCore

/// `GET /v1/ratings/{ticket}/{expires}/{signature}?score=1..5`: the one-click
/// rating link in an email. No login: the signature is the credential. One
/// rating per ticket through links; a second click says it was already counted.
/// Customers open it in a browser, so it answers with a small HTML page (also
/// for a bad or expired link); a client asking for `application/json` gets
/// JSON and problem+json instead.
struct RatingLinkRoutes: Sendable {
    let signer: RatingLinkSigner
    let store: any AnalyticsStore

    /// The JSON answer for API clients.
    struct Outcome: Encodable {
        let ticketID: Int64
        let score: Int
        /// False when an earlier click through a link was already counted.
        let counted: Bool

        enum CodingKeys: String, CodingKey {
            case score, counted
            case ticketID = "ticket_id"
        }
    }

    func register(on router: Router<TicketflowRequestContext>) {
        router.get("v1/ratings/:ticket/:expires/:signature", use: rate)
    }

    @Sendable func rate(_ request: Request, context: TicketflowRequestContext) async throws -> Response {
        let json = Self.wantsJSON(request.headers[.accept])
        do {
            let outcome = try await record(request, context: context)
            if json { return try JSONBody.response(outcome) }
            let message =
                outcome.counted
                ? "Thank you for rating our answer \(outcome.score) out of 5."
                : "Your rating for this conversation was already counted. Thank you!"
            return RatingLinkPage.response(status: .ok, title: "Thank you", message: message)
        } catch let problem as Problem where !json {
            return RatingLinkPage.response(
                status: problem.status, title: problem.title, message: problem.detail.capitalizedFirst + ".")
        }
    }

    /// Checks the link and stores the rating once.
    func record(_ request: Request, context: TicketflowRequestContext) async throws -> Outcome {
        guard let ticketID = context.parameters.get("ticket").flatMap({ Int64($0) }),
            let expires = context.parameters.get("expires").flatMap({ Int64($0) }),
            let signature = context.parameters.get("signature"),
            signer.isValid(ticketID: ticketID, expires: expires, signature: signature)
        else {
            throw Problem(.forbidden, "invalid-link", "Invalid link", detail: "this rating link is not valid")
        }
        guard Date().timeIntervalSince1970 <= Double(expires) else {
            throw Problem(.gone, "link-expired", "Link expired", detail: "this rating link has expired")
        }
        guard let score = request.uri.queryParameters["score"].flatMap({ Int(String($0)) }), (1...5).contains(score)
        else {
            throw Problem.badRequest("invalid-parameter", "score must be an integer from 1 to 5")
        }
        do {
            let stored = try await store.addRatingIfFirst(
                ticketID: ticketID, score: score, comment: nil, source: "link", at: Date())
            return Outcome(ticketID: ticketID, score: score, counted: stored != nil)
        } catch let refusal as Refusal where refusal.code == .conflict {
            // A link sent before anyone answered: say so instead of a bare 409.
            throw Problem(
                .conflict, "nothing-to-rate", "Nothing to rate yet",
                detail: "this conversation has no answer to rate yet")
        }
    }

    /// True when the client asks for JSON and not for a page (browsers list text/html).
    static func wantsJSON(_ accept: String?) -> Bool {
        guard let accept = accept?.lowercased() else { return false }
        return accept.contains("json") && !accept.contains("text/html")
    }
}

extension String {
    /// The string with its first letter upper-cased ("this link" -> "This link").
    fileprivate var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
