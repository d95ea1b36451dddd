import Foundation
import Logging
import TicketflowCore
import TicketflowLLM

extension AppServices {
    /// The QA runner over this process's store and knowledge base, with the
    /// LLM judge when an LLM endpoint is configured.
    public func qaRunner() -> QARunner {
        QARunner(store: store, knowledge: engines.knowledge, llm: engines.llm.map(engines.judge))
    }

    /// The nightly QA schedule, or nil when `qa_hour` is off.
    func qaNightly(logger: Logger) -> DailyJob? {
        guard let hour = configuration.qaHour else { return nil }
        let runner = qaRunner()
        return QANightly.schedule(queue: store, hour: hour, runsJobs: configuration.queueWorker, logger: logger) {
            since in
            try await runner.run(since: since)
        }
    }

    /// The nightly retraining schedule, or nil when `retrain_hour` is off.
    func nightlyRetrain(logger: Logger) -> DailyJob? {
        guard let hour = configuration.retrainHour else { return nil }
        return NightlyRetrain.schedule(
            queue: store, hour: hour, runsJobs: configuration.queueWorker, logger: logger,
            loop: LearningLoop(store: store, engines: engines))
    }
}
