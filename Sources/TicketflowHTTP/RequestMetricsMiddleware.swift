import CoreMetrics
import Dispatch
import Hummingbird
import Synchronization

/// Request counts, durations, errors and requests in flight per route, made
/// by the factory it is given. Hummingbird's own `MetricsMiddleware` records
/// through the global `MetricsSystem`, which a library must not bootstrap and
/// tests running in parallel cannot share, so this one takes a `factory:`.
/// It keeps Hummingbird's metric names, so dashboards built on them still work.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let handles: RequestMetricHandles

    init(factory: any MetricsFactory) {
        self.handles = RequestMetricHandles(factory: factory)
    }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let started = DispatchTime.now().uptimeNanoseconds
        let method = request.method.description
        let active = handles.active(method: method)
        active.increment()
        do {
            var response = try await next(request, context)
            let status = response.status.code
            let route = context.endpointPath ?? "Unknown"
            // Counted once the body is written (or failed to be), so streamed
            // bodies count their whole time, as Hummingbird's middleware does.
            let body = response.body
            response.body = ResponseBody(contentLength: body.contentLength) { [handles] writer in
                defer {
                    let completed = handles.completed(route: route, method: method, status: status)
                    completed.requests.increment()
                    completed.duration.recordNanoseconds(Int64(DispatchTime.now().uptimeNanoseconds - started))
                    active.decrement()
                }
                try await body.write(writer)
            }
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            let failed = handles.failed(route: context.endpointPath ?? "NotFound", method: method, status: status)
            failed.requests.increment()
            failed.errors.increment()
            active.decrement()
            throw error
        }
    }
}

/// The metric handles of each route, method and status, made once and reused.
/// Making a handle asks the factory to validate the names and look the series
/// up under its lock: per request, that cost more than the rest of the request
/// metrics together (profiled: it was most of a 10% intake slowdown). The
/// method comes from the client, so the map is bounded; past the bound,
/// handles are made per request as before.
final class RequestMetricHandles: Sendable {
    struct Completed: Sendable {
        let requests: Counter
        let duration: Timer
    }

    struct Failed: Sendable {
        let requests: Counter
        let errors: Counter
    }

    private struct Key: Hashable, Sendable {
        let route: String
        let method: String
        let status: Int
    }

    private struct Handles {
        var active: [String: Meter] = [:]
        var completed: [Key: Completed] = [:]
        var failed: [Key: Failed] = [:]
        var count: Int { active.count + completed.count + failed.count }
    }

    /// Most handle sets kept; a well-behaved API has a few dozen.
    static let bound = 1024

    private let factory: any MetricsFactory
    private let cache = Mutex(Handles())

    init(factory: any MetricsFactory) {
        self.factory = factory
    }

    func active(method: String) -> Meter {
        cached(\.active, method) {
            Meter(
                label: "http.server.active_requests", dimensions: [("http.request.method", method)],
                factory: factory)
        }
    }

    func completed(route: String, method: String, status: Int) -> Completed {
        cached(\.completed, Key(route: route, method: method, status: status)) {
            let dimensions = [
                ("http.route", route), ("http.request.method", method), ("http.response.status_code", String(status)),
            ]
            return Completed(
                requests: Counter(label: "hb.requests", dimensions: dimensions, factory: factory),
                duration: Timer(
                    label: "http.server.request.duration", dimensions: dimensions, preferredDisplayUnit: .seconds,
                    factory: factory))
        }
    }

    func failed(route: String, method: String, status: Int) -> Failed {
        cached(\.failed, Key(route: route, method: method, status: status)) {
            Failed(
                requests: Counter(
                    label: "hb.requests",
                    dimensions: [
                        ("http.route", route), ("http.request.method", method),
                        ("http.response.status_code", String(status)),
                    ], factory: factory),
                errors: Counter(
                    label: "hb.request.errors",
                    dimensions: [
                        ("http.route", route), ("http.request.method", method), ("error.type", String(status)),
                    ], factory: factory))
        }
    }

    private func cached<K: Hashable & Sendable, V: Sendable>(
        _ map: WritableKeyPath<Handles, [K: V]>, _ key: K, make: () -> V
    ) -> V {
        if let found = cache.withLock({ $0[keyPath: map][key] }) { return found }
        // Made outside the lock: the factory takes its own.
        let made = make()
        return cache.withLock { handles in
            if let raced = handles[keyPath: map][key] { return raced }
            if handles.count < Self.bound { handles[keyPath: map][key] = made }
            return made
        }
    }
}
