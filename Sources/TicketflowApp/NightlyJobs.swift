import Foundation
import Logging
import TicketflowCore
import TicketflowLearning

/// The nightly QA review: the previous day's AI answers, scored by the QA
/// runner, which skips answers already reviewed, so a rerun after a lost
/// lease writes nothing twice.
public enum QANightly {
    /// The job kind.
    public static let kind = "qa.nightly"
    /// Dedupe keys are `qa:<yyyy-mm-dd>`.
    public static let keyPrefix = "qa"

    /// The schedule at `hour` UTC; `run` reviews the answers since the given time.
    public static func schedule(
        queue: any JobQueue, hour: Int, runsJobs: Bool, logger: Logger,
        run: @escaping @Sendable (Date) async throws -> QARunReport
    ) -> DailyJob {
        DailyJob(kind: kind, keyPrefix: keyPrefix, queue: queue, hour: hour, runsJobs: runsJobs, logger: logger) {
            since in
            let report = try await run(since)
            return "QA reviewed \(report.reviewed), skipped \(report.skipped), flagged \(report.flagged.count), "
                + "LLM fallbacks \(report.llmFallbacks)"
        }
    }
}

/// Nightly retraining: the category model is retrained on every relabel so
/// far and swapped in on every node when it is not worse (`LearningLoop`),
/// so agents' corrections reach the model without anyone running a command.
/// A night with no relabels at all, or none since the running model was
/// trained, changes nothing.
public enum NightlyRetrain {
    /// The job kind.
    public static let kind = "model.retrain"
    /// Dedupe keys are `retrain:<yyyy-mm-dd>`.
    public static let keyPrefix = "retrain"

    /// The schedule at `hour` UTC over `loop`.
    public static func schedule(
        queue: any JobQueue, hour: Int, runsJobs: Bool, logger: Logger, loop: LearningLoop
    ) -> DailyJob {
        // Training takes seconds at help-desk sizes; ten minutes of lease is ample.
        DailyJob(
            kind: kind, keyPrefix: keyPrefix, queue: queue, hour: hour, runsJobs: runsJobs, leaseSeconds: 600,
            logger: logger
        ) { _ in
            let relabels = try await loop.relabels()
            guard !relabels.isEmpty else { return "retraining skipped: no relabels yet" }
            return try await loop.retrain(relabels: relabels).decision
        }
    }
}
