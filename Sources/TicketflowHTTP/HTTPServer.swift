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

/// Builds the HTTP side of Ticketflow from the services it exposes.
public enum HTTPServer {
    /// The router with every route and the problem+json middleware.
    public static func router(
        service: TicketService, configuration: HTTPConfiguration, version: String
    ) -> Router<TicketflowRequestContext> {
        let router = Router(context: TicketflowRequestContext.self)
        router.add(middleware: ProblemMiddleware())
        let body = JSONBody(maximumBytes: configuration.maximumBodyBytes)
        HealthRoutes(store: service.store, version: version).register(on: router)
        TicketRoutes(service: service, body: body).register(on: router)
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
