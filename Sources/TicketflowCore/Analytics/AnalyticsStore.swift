import Foundation

/// The storage port for the learning loop and the dashboard: ratings, QA
/// reviews and the per-ticket facts the metrics are computed from.
public protocol AnalyticsStore: Sendable {
    /// Stores a rating of the ticket's latest answer; `.notFound` for an unknown ticket,
    /// `.conflict` when nobody has answered the ticket yet.
    func addRating(ticketID: Int64, score: Int, comment: String?, source: String, at now: Date) async throws -> Rating

    /// Ratings of one ticket, oldest first.
    func ratings(ticketID: Int64) async throws -> [Rating]

    /// Stores a QA review (a ticket's newer review supersedes older ones in the metrics).
    func saveQAReview(_ review: QAReview) async throws

    /// QA reviews created at or after `since`, oldest first.
    func qaReviews(since: Date) async throws -> [QAReview]

    /// Facts of every ticket created at or after `since`, oldest first.
    func ticketFacts(since: Date) async throws -> [TicketFacts]

    /// How many tickets are in each status now (every status present, zero when none).
    func statusCounts() async throws -> [TicketStatus: Int]
}
