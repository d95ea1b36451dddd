import Foundation
import TicketflowAnswering
import TicketflowCore

extension LLMJudge {
    /// Scores an answer already sent (or drafted) for the QA review: the same
    /// prompt and JSON as the answering gate. The caller redacts PII first.
    public func qaScores(question: String, answer: String, knowledge: [RetrievedPassage]) async throws -> Scores {
        try await scores(question: question, answer: answer, passages: knowledge, purpose: "qa")
    }
}
