import Foundation

/// How long finished jobs stay in the queue. Every mailbox poll, delivery and answer is a job, so without a
/// limit the table grows by thousands of rows a day for ever (a mailbox polled every 30 s alone adds 2,880).
///
/// Only `done` jobs are deleted: dead letters stay until an admin requeues them (they are the evidence of what
/// failed, and the outbox reads them). Deleting a done job frees its dedupe key, which is safe because no key
/// is reused for new work: answer keys name the conversation length, delivery keys the attempt count, poll and
/// daily keys a time slot or a day, and every handler does nothing for work already done.
public enum JobRetention {
    /// The job kind of the daily purge.
    public static let kind = "jobs.purge"
    /// Dedupe keys are `jobs-purge:<yyyy-mm-dd>`.
    public static let keyPrefix = "jobs-purge"
    /// Done jobs older than this are deleted.
    public static let keepDays = 7
    /// Rows per delete statement, so one purge never holds a long write lock.
    public static let batch = 1000

    /// Deletes done jobs last updated more than `keepDays` before `now`; returns how many.
    public static func purge(_ queue: any JobQueue, now: Date) async throws -> Int {
        let cutoff = now.addingTimeInterval(-Double(keepDays) * 86_400)
        var total = 0
        while true {
            let deleted = try await queue.deleteJobs(in: .done, updatedBefore: cutoff, limit: batch)
            total += deleted
            if deleted < batch { return total }
        }
    }
}
