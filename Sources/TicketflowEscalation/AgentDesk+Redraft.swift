import Foundation
import TicketflowCore

extension AgentDesk {
    /// The ticket an agent may ask a fresh AI draft for, or why not: it exists, is not closed, its customer's
    /// last message has no answer yet, and no one else holds it. Checked before any engine runs, so a refusal
    /// costs nothing and reaches the caller as a plain 404 or 409.
    public func draftable(_ ticketID: Int64, by actor: AgentActor) async throws -> TicketDetail {
        guard actor.role.satisfies(.agent) else {
            throw AgentDeskError.forbidden("redraft needs the agent role")
        }
        guard drafting != nil else {
            throw Refusal(.conflict, "this server has no answering engine to draft with")
        }
        guard let detail = try await store.ticketDetail(id: ticketID) else {
            throw StoreError(.notFound, "no ticket \(ticketID)")
        }
        if let refusal = Self.redraftRefusal(detail, by: actor.id) { throw refusal }
        return detail
    }

    /// Why `actor` may not ask for a fresh draft of `detail`, or nil when they may: the rule `draftable`
    /// enforces and the ticket page shows its button by.
    public static func redraftRefusal(_ detail: TicketDetail, by actor: String) -> Refusal? {
        let id = detail.ticket.id
        guard detail.ticket.status != .closed else { return Refusal(.conflict, "ticket \(id) is closed") }
        guard let asked = lastQuestion(in: detail) else {
            return Refusal(.conflict, "ticket \(id) has no customer message to answer")
        }
        if detail.messages[(asked + 1)...].contains(where: { $0.author == .agent || $0.author == .ai }) {
            return Refusal(.conflict, "ticket \(id) was answered after the customer's last message")
        }
        if let holder = detail.ticket.assignee, holder != actor {
            return Refusal(.conflict, "ticket \(id) is held by \(holder)")
        }
        return nil
    }

    /// Where the customer's last message is in the conversation.
    static func lastQuestion(in detail: TicketDetail) -> Int? {
        detail.messages.lastIndex { $0.author == .customer }
    }

    /// Writes a fresh AI draft of the answer to the customer's last message and stores it as the ticket's
    /// draft, with an audit event; nothing is sent, whatever the gate would have done. `sink` gets the text
    /// while an engine that streams writes it (the stored draft is what counts). A run cut short by its
    /// caller writes nothing.
    public func redraft(
        _ detail: TicketDetail, by actor: AgentActor, streamingTo sink: AnswerTextSink? = nil
    ) async throws -> TicketDetail {
        guard let drafting, let asked = Self.lastQuestion(in: detail) else {
            throw Refusal(.conflict, "ticket \(detail.ticket.id) has nothing to draft")
        }
        let question = detail.messages[asked]
        var context = TicketContext(
            ticket: detail.ticket, customer: detail.customer.map(CustomerInput.init),
            history: Array(detail.messages[..<asked]),
            incoming: NewMessage(author: .customer, body: question.body, createdAt: question.createdAt))
        context.answerTextSink = sink
        await drafting.run(&context)
        try Task.checkCancellation()
        let answering = context.trace.last { $0.stage == "answering" }
        let draft: AnswerDraft
        if let sent = context.replies.last(where: { $0.author == .ai }) {
            // The gate would have sent it; here a person does, so it is a draft with no hold reason.
            draft = AnswerDraft(
                body: sent.body, citations: sent.citations, confidence: answering?.score ?? 0, reasons: [])
        } else if let held = context.draft {
            draft = held
        } else {
            throw Refusal(.conflict, "no draft could be written for ticket \(detail.ticket.id)")
        }
        var ticket = detail.ticket
        ticket.updatedAt = now()
        var details = ["confidence": String(format: "%.2f", draft.confidence)]
        if let engine = answering?.details["generator"] { details["engine"] = engine }
        // Why the LLM's text, which the agent may have watched stream, is not the draft they now see.
        if let fallback = answering?.details["generator_fallback"] { details["fallback"] = fallback }
        if !draft.reasons.isEmpty { details["reasons"] = draft.reasons.joined(separator: ",") }
        return try await store.applyAgentChange(
            AgentChange(
                ticket: ticket, actor: actor.id, expectedUpdatedAt: detail.ticket.updatedAt, draft: draft,
                event: TicketEvent(
                    id: 0, ticketID: ticket.id, kind: .redraft, actor: actor.id, details: details,
                    createdAt: ticket.updatedAt)))
    }
}
