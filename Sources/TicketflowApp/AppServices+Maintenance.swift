import Foundation
import Logging
import TicketflowCore

extension AppServices {
    /// The daily purge of done jobs older than `JobRetention.keepDays`, on whichever node claims it; nil when
    /// `jobPurgeHour` is off.
    func jobPurge(logger: Logger) -> DailyJob? {
        guard let hour = configuration.jobPurgeHour else { return nil }
        return DailyJob(
            kind: JobRetention.kind, keyPrefix: JobRetention.keyPrefix, queue: store, hour: hour,
            runsJobs: configuration.queueWorker, logger: logger
        ) { [store] _ in
            let deleted = try await JobRetention.purge(store, now: Date())
            return "deleted \(deleted) done jobs older than \(JobRetention.keepDays) days"
        }
    }
}
