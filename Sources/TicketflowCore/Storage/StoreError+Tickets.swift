import Foundation

/// The refusals both stores report for ticket writes, worded once so clients
/// see the same text whichever store answered.
extension StoreError {
    /// There is no ticket with this id.
    public static func noTicket(_ id: Int64) -> StoreError { StoreError(.notFound, "no ticket \(id)") }

    /// A write guarded by `expectedUpdatedAt` found the ticket changed since it was read.
    public static func ticketChanged(_ id: Int64) -> StoreError {
        StoreError(.conflict, "ticket \(id) changed since it was read")
    }

}

extension Refusal {
    /// A rating for a ticket nobody has answered yet.
    public static func nothingToRate(_ ticketID: Int64) -> Refusal {
        Refusal(.conflict, "ticket \(ticketID) has no answer to rate yet")
    }
}

extension AnsweredBy {
    /// Who a rating is about: the author of the ticket's latest answer
    /// (`ai` or `agent` messages, as stored).
    public init(latestAnswerAuthor author: String) {
        self = author == MessageAuthor.ai.rawValue ? .ai : .human
    }
}
