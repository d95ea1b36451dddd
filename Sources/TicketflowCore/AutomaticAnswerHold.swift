import Foundation

extension TicketContext {
    /// The draft reason an agent sees when a channel withheld the automatic answer.
    public static let withheldAnswerReason = "no_automatic_answer"

    /// Keeps this run from answering the customer by itself: the automatic answer becomes the agent's draft, a
    /// ticket the run would close (or leave to the answer queue) waits for review, and a system message says why.
    ///
    /// Why on the ticket, in the same write: a channel withholds the answer for mail from an auto-responder, a
    /// list or a sender over the rate limit, and any answer sent there may start a mail loop. Queued answering,
    /// the sweep and every other node then read the ticket's status rather than a flag that a crash could lose.
    public mutating func withholdAutomaticAnswer(reason: String, at now: Date) {
        if let answer = replies.last(where: { $0.author == .ai }) {
            let confidence = trace.last(where: { $0.stage == "answering" })?.score ?? 0
            draft = AnswerDraft(
                body: answer.body, citations: answer.citations, confidence: confidence,
                reasons: [Self.withheldAnswerReason])
            // The first response was this answer, which is no longer sent.
            if ticket.firstResponseAt == answer.createdAt { ticket.firstResponseAt = nil }
        } else if var held = draft, !held.reasons.contains(Self.withheldAnswerReason) {
            held.reasons.append(Self.withheldAnswerReason)
            draft = held
        }
        replies.removeAll { $0.author == .ai }
        if ticket.status == .autoResolved || ticket.status == .triaged || ticket.status == .new {
            ticket.status = .awaitingReview
        }
        replies.append(NewMessage(author: .system, body: "No automatic answer: \(reason).", createdAt: now))
    }
}
