import Foundation

/// One step of the ticket pipeline (triage, sentiment, routing, retrieval,
/// answering...). Later engines plug in here without touching intake.
public protocol PipelineStage: Sendable {
    /// Stage name as it appears in the decision trace.
    var name: String { get }
    /// Reads and updates the context; returns what to write to the trace.
    func process(_ context: inout TicketContext) async throws -> StageReport
}

/// What a stage reports about its decision; the runner adds timing.
public struct StageReport: Sendable, Equatable {
    public var input: String
    public var output: String
    public var score: Double?
    public var engine: String
    public var engineVersion: String
    public var details: [String: String]

    public init(
        input: String, output: String, score: Double? = nil, engine: String,
        engineVersion: String, details: [String: String] = [:]
    ) {
        self.input = input
        self.output = output
        self.score = score
        self.engine = engine
        self.engineVersion = engineVersion
        self.details = details
    }
}
