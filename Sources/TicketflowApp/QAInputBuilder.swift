import Foundation
import TicketflowAnswering
import TicketflowCore
import TicketflowKnowledge

/// Turns a ticket into the QA reviewer's inputs: which answers to review,
/// the customer's words and the answer (PII redacted, the customer's name and
/// email included, since an LLM may read them) and the knowledge the answer
/// could have used.
struct QAInputBuilder {
    let detail: TicketDetail
    let knowledge: KnowledgeBase
    let redactor: PIIRedactor

    /// One input per answer kind given at or after `since`: the latest AI
    /// message, the latest agent message, or (with neither) the pending AI draft.
    /// Each comes with when the answer was given, so a re-run can tell
    /// whether a stored review already covers it.
    func inputs(answeredSince since: Date) -> [(input: QAInput, answeredAt: Date)] {
        var inputs: [(QAInput, Date)] = []
        if let ai = detail.messages.last(where: { $0.author == .ai }), ai.createdAt >= since {
            inputs.append(
                (input("ai_answer", answer: ai.body, citations: ai.citations, before: ai.createdAt), ai.createdAt))
        }
        if let agent = detail.messages.last(where: { $0.author == .agent }), agent.createdAt >= since {
            inputs.append(
                (
                    input("human_answer", answer: agent.body, citations: agent.citations, before: agent.createdAt),
                    agent.createdAt
                ))
        }
        if inputs.isEmpty, let draft = detail.draft, !draft.body.isEmpty, detail.ticket.updatedAt >= since {
            // A draft has no time of its own; the ticket changes when one is written.
            inputs.append(
                (
                    input("ai_draft", answer: draft.body, citations: draft.citations, before: .distantFuture),
                    detail.ticket.updatedAt
                ))
        }
        return inputs
    }

    func input(_ subject: String, answer: String, citations: [Citation], before: Date) -> QAInput {
        let redactor = redactor.with(known: KnownIdentity(detail.customer))
        let question = detail.messages
            .filter { $0.author == .customer && $0.createdAt <= before }
            .map { redactor.redact($0.body).text }
            .joined(separator: "\n\n")
        // An agent's answer greets the customer by name and may repeat what they sent.
        return QAInput(
            ticketID: detail.ticket.id, question: question, sentiment: detail.ticket.sentiment, subject: subject,
            answer: redactor.redact(answer).text, knowledge: passages(citations))
    }

    /// Chunks of the cited articles and of every article the latest retrieval listed.
    func passages(_ citations: [Citation]) -> [RetrievedPassage] {
        var articleIDs = citations.map(\.articleID)
        if let retrieved = detail.trace.last(where: { $0.stage == "retrieve" })?.details["retrieved_ids"] {
            // Chunk ids are "<article id>#<ordinal>".
            articleIDs += retrieved.split(separator: ",").map { String($0.split(separator: "#").first ?? $0) }
        }
        var seen = Set<String>()
        return articleIDs.filter { seen.insert($0).inserted }.flatMap { id in
            knowledge.index.chunks(ofArticle: id).map { chunk in
                RetrievedPassage(
                    articleID: chunk.articleID, chunkID: chunk.id, title: chunk.title, headingPath: chunk.headingPath,
                    text: chunk.text, category: chunk.category, score: 1, signals: ["qa"])
            }
        }
    }
}
