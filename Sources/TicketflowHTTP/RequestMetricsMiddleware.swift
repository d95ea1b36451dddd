import CoreMetrics
import Dispatch
import Hummingbird

/// Request counts, durations, errors and requests in flight per route, made
/// by the factory it is given. Hummingbird's own `MetricsMiddleware` records
/// through the global `MetricsSystem`, which a library must not bootstrap and
/// tests running in parallel cannot share, so this one takes a `factory:`.
/// It keeps Hummingbird's metric names, so dashboards built on them still work.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let factory: any MetricsFactory

    init(factory: any MetricsFactory) {
        self.factory = factory
    }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let started = DispatchTime.now().uptimeNanoseconds
        let method = request.method.description
        let active = Meter(
            label: "http.server.active_requests", dimensions: [("http.request.method", method)],
            factory: factory)
        active.increment()
        do {
            var response = try await next(request, context)
            let status = response.status.code
            let route = context.endpointPath ?? "Unknown"
            // Counted once the body is written (or failed to be), so streamed
            // bodies count their whole time, as Hummingbird's middleware does.
            let body = response.body
            response.body = ResponseBody(contentLength: body.contentLength) { [factory] writer in
                defer {
                    let dimensions = [
                        ("http.route", route), ("http.request.method", method),
                        ("http.response.status_code", String(status)),
                    ]
                    Counter(label: "hb.requests", dimensions: dimensions, factory: factory).increment()
                    Timer(
                        label: "http.server.request.duration", dimensions: dimensions,
                        preferredDisplayUnit: .seconds, factory: factory
                    )
                    .recordNanoseconds(Int64(DispatchTime.now().uptimeNanoseconds - started))
                    active.decrement()
                }
                try await body.write(writer)
            }
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            let route = context.endpointPath ?? "NotFound"
            Counter(
                label: "hb.requests",
                dimensions: [
                    ("http.route", route), ("http.request.method", method),
                    ("http.response.status_code", String(status)),
                ], factory: factory
            ).increment()
            Counter(
                label: "hb.request.errors",
                dimensions: [
                    ("http.route", route), ("http.request.method", method), ("error.type", String(status)),
                ], factory: factory
            ).increment()
            active.decrement()
            throw error
        }
    }
}
