import Foundation
import Logging
import TicketflowCore
import TicketflowMetrics
import TicketflowSQLite

/// The composition root: the one place that knows every concrete type.
/// Server, CLI and tests all build their services here.
public struct AppServices: Sendable {
    /// Version string reported by health and recorded in traces.
    public static let version = "0.1.0"

    public let configuration: AppConfiguration
    public let store: any TicketStore
    public let tickets: TicketService

    /// Opens the store in the data directory and assembles the pipeline.
    public static func open(_ configuration: AppConfiguration, logger: Logger) async throws -> AppServices {
        try configuration.validate()
        let store = try SQLiteStore.open(
            dataDirectory: configuration.dataDirectory, durability: configuration.storeDurability)
        let pipeline = Pipeline(stages: PipelineAssembly.stages())
        let services = AppServices(
            configuration: configuration, store: store,
            tickets: TicketService(store: store, pipeline: pipeline, observer: { trace, ticket in
                MetricsExporter.shared.recordPipelineRun(trace, ticket: ticket)
            }))
        if configuration.demo {
            let seeded = try await DemoContent.seedIfEmpty(services.tickets)
            if seeded > 0 { logger.info("seeded demo content", metadata: ["tickets": "\(seeded)"]) }
        }
        return services
    }
}

/// Which stages run, in order. Engines are added here as they land.
enum PipelineAssembly {
    static func stages() -> [any PipelineStage] {
        [IntakeOnlyStage()]
    }
}
