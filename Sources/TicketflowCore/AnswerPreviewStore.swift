import Foundation

/// The checked preview of an answer being written for a chat visitor (`TicketContext.customerPreviewSink`),
/// kept in the shared store so that the node holding the visitor's connection shows it, whichever node's
/// worker writes the answer. A preview's time counts in `TicketStore.updateStamps`, so the chat hub's one
/// poll notices it; storing the ticket's next state (`appendToTicket`) removes it.
public protocol AnswerPreviewStore: Sendable {
    /// Replaces the ticket's preview of the answer to customer message `questionID`.
    func saveAnswerPreview(ticketID: Int64, questionID: Int64, text: String, at now: Date) async throws

    /// The ticket's preview, or nil.
    func answerPreview(ticketID: Int64) async throws -> StoredAnswerPreview?

    /// Removes the ticket's preview (its run ended without storing an answer).
    func deleteAnswerPreview(ticketID: Int64) async throws
}

/// An answer's preview as stored.
public struct StoredAnswerPreview: Sendable, Equatable {
    /// The customer message the answer replies to: once the customer wrote again, that answer will not be
    /// stored, and readers drop its preview.
    public var questionID: Int64
    public var text: String
    public var updatedAt: Date

    public init(questionID: Int64, text: String, updatedAt: Date) {
        self.questionID = questionID
        self.text = text
        self.updatedAt = updatedAt
    }
}
