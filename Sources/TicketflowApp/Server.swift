import Hummingbird
import Logging
import TicketflowCore
import TicketflowHTTP
import TicketflowMetrics

/// Builds the whole server as one value; `serve` runs it and tests build it
/// the same way.
public func buildApplication(_ services: AppServices, logger: Logger) -> some ApplicationProtocol {
    let router = HTTPServer.router(
        HTTPServices(
            tickets: services.tickets, version: AppServices.version,
            metricsExposition: { MetricsExporter.shared.render() },
            knowledge: services.engines.knowledge, triage: services.engines.triage),
        configuration: services.configuration.http)
    let reloader = Reloader(engines: services.engines, changes: services.store, logger: logger)
    return HTTPServer.application(
        router: router, configuration: services.configuration.http, services: [reloader], logger: logger)
}
