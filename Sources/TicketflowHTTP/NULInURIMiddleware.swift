import Hummingbird

/// Refuses a URL whose path or query holds a percent-encoded NUL (`%00`). Route parameters and
/// filters reach the store as text, and PostgreSQL cannot hold a NUL in text (see `String.containsNUL`).
struct NULInURIMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard !request.uri.string.contains("%00") else {
            throw Problem.badRequest("nul-character", "the URL holds a NUL character (%00)")
        }
        return try await next(request, context)
    }
}
