import Foundation

/// The storage port for the learning loop and the dashboard: ratings, QA
/// reviews and the per-ticket facts the metrics are computed from.
public protocol AnalyticsStore: Sendable {
    /// Stores a rating of the ticket's latest answer, or, with `onlyIfFirstFromSource`,
    /// returns nil without storing when the ticket already has a rating from
    /// `source` (check and insert in one atomic step, so simultaneous calls store
    /// one). `.notFound` for an unknown ticket, `.conflict` when nobody has
    /// answered the ticket yet. Callers use `addRating` / `addRatingIfFirst`.
    func storeRating(
        ticketID: Int64, score: Int, comment: String?, source: String, at now: Date, onlyIfFirstFromSource: Bool
    ) async throws -> Rating?

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

    /// Tickets opened at or after `since` whose answering held a draft for `reason` (e.g. `no_knowledge`),
    /// newest first, with the customer's first message.
    func heldQuestions(reason: String, since: Date, limit: Int) async throws -> [HeldQuestion]
}

/// A customer's question the pipeline held for a reason: what the knowledge-gap groups are made of.
public struct HeldQuestion: Sendable, Equatable {
    public var ticketID: Int64
    public var subject: String
    /// The customer's first message.
    public var body: String

    public init(ticketID: Int64, subject: String, body: String) {
        self.ticketID = ticketID
        self.subject = subject
        self.body = body
    }
}

extension AnalyticsStore {
    /// Stores a rating of the ticket's latest answer (see `storeRating`).
    public func addRating(
        ticketID: Int64, score: Int, comment: String?, source: String, at now: Date
    ) async throws -> Rating {
        guard
            let rating = try await storeRating(
                ticketID: ticketID, score: score, comment: comment, source: source, at: now,
                onlyIfFirstFromSource: false)
        else {
            throw StoreError(.unavailable, "the store did not return the rating it stored for ticket \(ticketID)")
        }
        return rating
    }

    /// Stores a rating unless the ticket already has one from `source`; nil
    /// when it had: one-click rating links count once however often, or
    /// however simultaneously, they are clicked.
    public func addRatingIfFirst(
        ticketID: Int64, score: Int, comment: String?, source: String, at now: Date
    ) async throws -> Rating? {
        try await storeRating(
            ticketID: ticketID, score: score, comment: comment, source: source, at: now, onlyIfFirstFromSource: true)
    }
}
