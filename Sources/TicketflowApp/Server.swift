import Hummingbird
import Logging
import TicketflowCore
import TicketflowHTTP

/// Builds the whole server as one value; `serve` runs it and tests build it
/// the same way.
public func buildApplication(_ services: AppServices, logger: Logger) -> some ApplicationProtocol {
    let router = HTTPServer.router(
        service: services.tickets, configuration: services.configuration.http,
        version: AppServices.version)
    return HTTPServer.application(router: router, configuration: services.configuration.http, logger: logger)
}
