import Foundation

/// The work-queue side of the outbox: one job per attempt series of a
/// delivery, found again from its payload.
public enum DeliveryJobs {
    /// Attempts before a delivery's job is dead-lettered and the delivery marked failed.
    public static let maxAttempts = 8

    /// The job that sends `delivery`. The dedupe key includes the attempts so
    /// far, so a redelivery after a failure gets a fresh job, and a repeated
    /// enqueue of the same one does not.
    public static func job(for delivery: Delivery, at now: Date) -> NewJob {
        NewJob(
            kind: OutboxPolicy.jobKind, payload: "{\"delivery_id\":\(delivery.id)}", ticketID: delivery.ticketID,
            runAt: now, dedupeKey: "delivery-\(delivery.id)-\(delivery.attempts)", maxAttempts: maxAttempts)
    }

    /// The delivery a job sends, or nil for a payload this version did not write.
    public static func deliveryID(of job: Job) -> Int64? {
        struct Payload: Decodable { var delivery_id: Int64 }
        return try? JSONDecoder().decode(Payload.self, from: Data(job.payload.utf8)).delivery_id
    }
}
