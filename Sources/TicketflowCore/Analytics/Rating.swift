import Foundation

/// Who wrote the answer a customer rated.
public enum AnsweredBy: String, Codable, Sendable, CaseIterable {
    case ai, human
}

/// A customer's satisfaction rating (CSAT 1–5) of a ticket's latest answer.
public struct Rating: Codable, Sendable, Equatable {
    public var id: Int64
    public var ticketID: Int64
    /// 1 (very unsatisfied) … 5 (very satisfied).
    public var score: Int
    public var comment: String?
    /// Whether the rated answer came from the AI or from a person.
    public var answeredBy: AnsweredBy
    /// `api` or `link` (the signed link in an email).
    public var source: String
    public var createdAt: Date

    public init(
        id: Int64, ticketID: Int64, score: Int, comment: String?, answeredBy: AnsweredBy, source: String,
        createdAt: Date
    ) {
        self.id = id
        self.ticketID = ticketID
        self.score = score
        self.comment = comment
        self.answeredBy = answeredBy
        self.source = source
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case id, score, comment, source
        case ticketID = "ticket_id"
        case answeredBy = "answered_by"
        case createdAt = "created_at"
    }
}
