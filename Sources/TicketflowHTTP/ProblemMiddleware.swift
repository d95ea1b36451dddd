import Foundation
import Hummingbird
import Logging
import TicketflowCore
import TicketflowEscalation

/// Turns every error into a problem+json response. Domain errors map to
/// their status here, at the edge; anything unexpected becomes a 500 whose
/// details go to the log, never to the client.
public struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Creates the middleware.
    public init() {}

    /// Passes the request on and renders any error it throws as a problem.
    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let problem = Self.problem(for: error, request: request)
            if problem.status.code >= 500 {
                context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
            }
            return problem.response(instance: request.uri.path)
        }
    }

    /// The problem an error maps to at the edge (the console renders the same mapping as HTML).
    public static func problem(for error: any Error, request: Request) -> Problem {
        switch error {
        case let problem as Problem:
            return problem
        case AgentDeskError.forbidden(let detail):
            return Problem(.forbidden, "forbidden", "Forbidden", detail: detail)
        case let error as ValidationError:
            return .unprocessable(error.description)
        case let refusal as Refusal:
            switch refusal.code {
            case .notFound: return .notFound(refusal.message)
            case .conflict: return Problem(.conflict, "conflict", "Conflict", detail: refusal.message)
            }
        case let error as AccessError:
            return Problem(.forbidden, "forbidden", "Forbidden", detail: error.message)
        case let error as StoreError:
            switch error.code {
            case .notFound: return .notFound(error.message)
            case .conflict: return Problem(.conflict, "conflict", "Conflict", detail: error.message)
            case .unavailable:
                return Problem(
                    .serviceUnavailable, "store-unavailable", "Service unavailable",
                    detail: "the ticket store is unavailable; retry later")
            }
        case let error as any HTTPResponseError:
            switch error.status {
            case .notFound:
                return .notFound("no route for \(request.method.rawValue) \(request.uri.path)")
            case .contentTooLarge:
                return Problem(
                    .contentTooLarge, "body-too-large", "Request body too large",
                    detail: "the request body exceeds the configured limit")
            default:
                return Problem(
                    error.status, "http-error", error.status.reasonPhrase,
                    detail: (error as? HTTPError)?.body ?? error.status.reasonPhrase)
            }
        default:
            return Problem(
                .internalServerError, "internal", "Internal server error",
                detail: "an unexpected error occurred; it has been logged")
        }
    }
}
