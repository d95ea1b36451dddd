import Foundation
import Hummingbird
import TicketflowTriage

/// `POST /v1/classify`: stateless triage of one text, nothing stored.
struct ClassifyRoutes: Sendable {
    let engine: TriageEngine
    let body: JSONBody
    /// Longer texts are cut here: triage reads the opening of a ticket, and
    /// the bound keeps one request's CPU time small.
    static let maximumCharacters = 20_000

    /// The request body.
    struct ClassifyRequest: Decodable {
        var text: String
        var priorCustomerMessages: Int?

        enum CodingKeys: String, CodingKey {
            case text
            case priorCustomerMessages = "prior_customer_messages"
        }
    }

    func register(on router: Router<TicketflowRequestContext>) {
        router.post("v1/classify", use: classify)
    }

    @Sendable func classify(_ request: Request, context: TicketflowRequestContext) async throws -> Response {
        let (input, _) = try await body.decode(ClassifyRequest.self, from: request)
        guard !input.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw Problem.unprocessable("text must not be empty")
        }
        let prior = input.priorCustomerMessages ?? 0
        guard (0...1000).contains(prior) else { throw Problem.unprocessable("prior_customer_messages must be 0–1000") }
        let result = await engine.classify(
            String(input.text.prefix(Self.maximumCharacters)), priorCustomerMessages: prior)
        return try JSONBody.response(result)
    }
}
