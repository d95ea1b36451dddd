import Foundation
import Hummingbird
import TicketflowAuth
import TicketflowCore

/// `GET /v1/ratings/{ticket}/{expires}/{signature}?score=1..5`: the one-click
/// rating link in an email. No login: the signature is the credential. One
/// rating per ticket through links; a second click says it was already counted.
struct RatingLinkRoutes: Sendable {
    let signer: RatingLinkSigner
    let store: any AnalyticsStore

    func register(on router: Router<TicketflowRequestContext>) {
        router.get("v1/ratings/:ticket/:expires/:signature", use: rate)
    }

    @Sendable func rate(_ request: Request, context: TicketflowRequestContext) async throws -> Response {
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
        guard let score = request.uri.queryParameters["score"].flatMap({ Int(String($0)) }), (1...5).contains(score) else {
            throw Problem.badRequest("invalid-parameter", "score must be an integer from 1 to 5")
        }
        let message = try await store.addRatingIfFirst(ticketID: ticketID, score: score, comment: nil, source: "link", at: Date()) == nil
            ? "Your rating for this conversation was already counted. Thank you!"
            : "Thank you for rating our answer \(score) out of 5."

        let html = "<!doctype html><meta charset=utf-8><title>Thank you</title><p>\(message)</p>"
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
