import Foundation

/// Runs stages in order and records each one in the decision trace. A stage
/// that throws is traced as failed and the run goes on, so a broken engine
/// degrades a ticket to safer handling instead of losing it.
public struct Pipeline: Sendable {
    public var stages: [any PipelineStage]
    /// Clock for trace timestamps; tests fix it.
    public var now: @Sendable () -> Date

    public init(stages: [any PipelineStage], now: @escaping @Sendable () -> Date = Date.init) {
        self.stages = stages
        self.now = now
    }

    /// Runs every stage over the context.
    public func run(_ context: inout TicketContext) async {
        for stage in stages {
            let started = ContinuousClock.now
            let entry: TraceEntry
            do {
                let report = try await stage.process(&context)
                entry = TraceEntry(
                    stage: stage.name, input: report.input, output: report.output,
                    score: report.score, engine: report.engine,
                    engineVersion: report.engineVersion,
                    durationMs: Self.milliseconds(since: started), createdAt: now(),
                    details: report.details
                )
            } catch {
                context.failedStages.append(stage.name)
                entry = TraceEntry(
                    stage: stage.name, input: "", output: "failed: \(error)",
                    engine: "pipeline", engineVersion: "1",
                    durationMs: Self.milliseconds(since: started), createdAt: now(),
                    details: ["error": String(describing: error)], status: .failed
                )
            }
            context.trace.append(entry)
        }
    }

    static func milliseconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        let (seconds, attoseconds) = elapsed.components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }
}

/// The stage that runs while no AI engine is configured: it accepts the
/// ticket as triaged-to-nobody and says so in the trace.
public struct IntakeOnlyStage: PipelineStage {
    public let name = "intake"

    public init() {}

    public func process(_ context: inout TicketContext) async throws -> StageReport {
        StageReport(
            input: "\(context.incoming.body.count) characters from \(context.ticket.channel.rawValue)",
            output: "accepted; no AI engines configured", engine: "none", engineVersion: "1"
        )
    }
}
