import Foundation
import TicketflowAnswering
import TicketflowCore

extension LLMJudge {
    /// Scores an answer already sent (or drafted) for the QA review: the same
    /// prompt and JSON as the answering gate. The caller redacts PII first.
    public func qaScores(question: String, answer: String, knowledge: [RetrievedPassage]) async throws -> Scores {
        let excerpts = knowledge.map { "[\($0.title)]\n\($0.text)" }.joined(separator: "\n\n")
        let user = "Excerpts:\n\(excerpts)\n\nCustomer message:\n\(question)\n\nAnswer to review:\n\(answer)"
        let reply: ChatCompletion
        do {
            reply = try await client.chat(
                [.system(prompt.text), .user(user)],
                options: ChatOptions(jsonMode: true, maxTokens: 300, temperature: 0))
            UsageLedger.record(reply.usage, purpose: "qa", outcome: "ok")
        } catch let error as LLMError {
            UsageLedger.record(TokenUsage(), purpose: "qa", outcome: error.code.rawValue)
            throw error
        }
        return try Self.parse(reply.content)
    }
}
