import Foundation

/// Answering from the durable work queue. Intake runs the fast stages
/// (triage, sentiment, routing) and answers 201 at once; the slow ones
/// (retrieval with query embeddings, LLM generation and judging) run here, on
/// whichever node claims the job. A node that dies mid-answer loses its lease
/// and another node answers; nothing acknowledged waits forever because the
/// sweep re-enqueues any triaged ticket that has no job.
public struct AnswerJobs: Sendable {
    /// The job kind.
    public static let kind = "answer"

    public let store: any TicketStore
    public let queue: any JobQueue
    /// The deferred stages (retrieval and answering).
    public let pipeline: Pipeline
    public let now: @Sendable () -> Date
    /// Which answers are sent to the customer, and how.
    public var outbox: OutboxPolicy
    /// Where a customer watching the ticket reads a checked preview of the answer being written
    /// (`TicketContext.customerPreviewSink`), given the ticket and the id of the customer message answered;
    /// nil, or nil for the ticket: no preview.
    public var customerPreview: (@Sendable (Ticket, Int64) async -> AnswerTextSink?)?

    public init(
        store: any TicketStore, queue: any JobQueue, pipeline: Pipeline,
        now: @escaping @Sendable () -> Date = Date.init,
        outbox: OutboxPolicy = OutboxPolicy()
    ) {
        self.store = store
        self.queue = queue
        self.pipeline = pipeline
        self.now = now
        self.outbox = outbox
    }

    /// What the job carries: which ticket, and the conversation length it was
    /// enqueued for, so a job made stale by a newer customer message does nothing.
    struct Payload: Codable {
        var ticketID: Int64
        var messages: Int
    }

    /// Enqueues answering for a ticket that waits for it; a repeat for the
    /// same ticket state returns the existing job (dedupe key).
    @discardableResult
    public func enqueue(for detail: TicketDetail) async throws -> Bool {
        guard Self.needsAnswer(detail) else { return false }
        let payload = Payload(ticketID: detail.ticket.id, messages: detail.messages.count)
        let json = String(decoding: try JSONEncoder().encode(payload), as: UTF8.self)
        let result = try await queue.enqueue(
            NewJob(
                kind: Self.kind, payload: json, ticketID: detail.ticket.id, runAt: now(),
                dedupeKey: "answer:\(detail.ticket.id):\(detail.messages.count)"), at: now())
        return result.created
    }

    /// Triaged, not for a human right away, and the last word is the customer's.
    static func needsAnswer(_ detail: TicketDetail) -> Bool {
        detail.ticket.status == .triaged && detail.ticket.route != .humanNow
            && detail.messages.last?.author == .customer
    }

    /// Runs the deferred stages for the job's ticket and stores the outcome.
    /// Safe to run twice: a ticket already answered, or changed since, is left alone.
    public func handle(_ job: Job) async throws {
        guard let payload = try? JSONDecoder().decode(Payload.self, from: Data(job.payload.utf8)) else {
            throw StoreError(.conflict, "answer job \(job.id) has an unreadable payload")
        }
        guard let detail = try await store.ticketDetail(id: payload.ticketID),
            detail.messages.count == payload.messages, Self.needsAnswer(detail),
            let last = detail.messages.last
        else { return }
        var ticket = detail.ticket
        ticket.updatedAt = now()
        let incoming = NewMessage(author: .customer, body: last.body, createdAt: last.createdAt)
        var context = TicketContext(
            ticket: ticket, customer: detail.customer.map(CustomerInput.init),
            history: Array(detail.messages.dropLast()),
            incoming: incoming)
        context.customerPreviewSink = await customerPreview?(detail.ticket, last.id)
        await pipeline.run(&context)
        // A run cut short by a shutdown writes nothing (its LLM stages failed only
        // because they were cancelled); the worker releases the job to another node.
        try Task.checkCancellation()
        if context.ticket.status == .triaged {
            // A deferred stage failed (its trace says how): a person answers.
            context.ticket.status = .awaitingReview
            context.draft =
                context.draft ?? AnswerDraft(body: "", citations: [], confidence: 0, reasons: ["answering_failed"])
        }
        do {
            _ = try await store.appendToTicket(
                TicketUpdate(
                    ticket: context.ticket,
                    messages: outbox.addressing(
                        context.replies, ticket: context.ticket, customerEmail: detail.customer?.email),
                    draft: context.draft, trace: context.trace, expectedUpdatedAt: detail.ticket.updatedAt))
        } catch let error as StoreError where error.code == .conflict {
            // A customer reply or an agent got there first; their run owns the ticket now.
            return
        }
    }

    /// Enqueues answering for triaged tickets last touched before `olderThan`
    /// that have no job yet (the node that took them died between commit and
    /// enqueue). Returns how many jobs it created.
    public func sweep(olderThan: Date, limit: Int = 200) async throws -> Int {
        let page = try await store.listTickets(TicketQuery(status: .triaged, limit: limit))
        var created = 0
        for ticket in page.tickets where ticket.updatedAt < olderThan {
            if let detail = try await store.ticketDetail(id: ticket.id), try await enqueue(for: detail) {
                created += 1
            }
        }
        return created
    }
}
