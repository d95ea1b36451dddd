import Hummingbird
import Logging
import TicketflowCore

/// Settings of the HTTP edge.
public struct HTTPConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// Largest accepted request body; larger ones get 413.
    public var maximumBodyBytes: Int

    public init(host: String = "127.0.0.1", port: Int = 8080, maximumBodyBytes: Int = 1 << 20) {
        self.host = host
        self.port = port
        self.maximumBodyBytes = maximumBodyBytes
    }
}

/// What the HTTP edge exposes; the composition root fills it in.
public struct HTTPServices: Sendable {
    public var tickets: TicketService
    public var version: String
    /// Prometheus text exposition for `/metrics`; nil leaves the route out.
    public var metricsExposition: (@Sendable () -> [UInt8])?

    public init(tickets: TicketService, version: String, metricsExposition: (@Sendable () -> [UInt8])? = nil) {
        self.tickets = tickets
        self.version = version
        self.metricsExposition = metricsExposition
    }
}

/// Builds the HTTP side of Ticketflow from the services it exposes.
public enum HTTPServer {
    /// The router with every route and the problem+json middleware.
    public static func router(
        _ services: HTTPServices, configuration: HTTPConfiguration
    ) -> Router<TicketflowRequestContext> {
        let router = Router(context: TicketflowRequestContext.self)
        router.add(middleware: ProblemMiddleware())
        let body = JSONBody(maximumBytes: configuration.maximumBodyBytes)
        HealthRoutes(store: services.tickets.store, version: services.version).register(on: router)
        if let exposition = services.metricsExposition {
            // Request counts and durations per route, through swift-metrics.
            router.add(middleware: MetricsMiddleware())
            router.get("metrics") { _, _ in
                var headers = HTTPFields()
                headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
                return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: exposition())))
            }
        }
        TicketRoutes(service: services.tickets, body: body).register(on: router)
        return router
    }

    /// The runnable application (a swift-service-lifecycle Service).
    public static func application(
        router: Router<TicketflowRequestContext>, configuration: HTTPConfiguration, logger: Logger
    ) -> some ApplicationProtocol {
        Application(
            router: router,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port),
                                 serverName: "ticketflow"),
            logger: logger
        )
    }
}
