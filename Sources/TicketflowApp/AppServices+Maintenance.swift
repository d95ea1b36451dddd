import Foundation
import Logging
import TicketflowCore

extension AppServices {
    /// UTC hour of the daily job-table purge: after the nightly QA and retraining hours of most teams.
    static let jobPurgeHour = 4

    /// The daily purge of done jobs older than `JobRetention.keepDays`, on whichever node claims it.
    func jobPurge(logger: Logger) -> DailyJob {
        DailyJob(
            kind: JobRetention.kind, keyPrefix: JobRetention.keyPrefix, queue: store, hour: Self.jobPurgeHour,
            runsJobs: configuration.queueWorker, logger: logger
        ) { [store] _ in
            let deleted = try await JobRetention.purge(store, now: Date())
            return "deleted \(deleted) done jobs older than \(JobRetention.keepDays) days"
        }
    }
}
