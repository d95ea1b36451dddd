import Foundation

/// The intake use cases: create a ticket, continue a conversation, read and
/// list. HTTP and the CLI both go through here, so a ticket is triaged and
/// stored the same way whichever door it came in by.
public struct TicketService: Sendable {
    public let store: any TicketStore
    public let pipeline: Pipeline
    public let now: @Sendable () -> Date
    /// Called after every pipeline run with its trace and the resulting
    /// ticket (metrics hook); nil does nothing.
    public let observer: (@Sendable ([TraceEntry], Ticket) -> Void)?
    /// When set, answering runs from the work queue: intake stores the
    /// triaged ticket and enqueues its answer job.
    public let answerJobs: AnswerJobs?
    /// Which replies are sent to the customer, and how.
    public var outbox: OutboxPolicy
    /// When a late reply opens a follow-up ticket instead of reopening; nil: every reply reopens.
    public var followUps: FollowUpRule?

    public init(
        store: any TicketStore, pipeline: Pipeline, now: @escaping @Sendable () -> Date = Date.init,
        observer: (@Sendable ([TraceEntry], Ticket) -> Void)? = nil, answerJobs: AnswerJobs? = nil,
        outbox: OutboxPolicy = OutboxPolicy(), followUps: FollowUpRule? = nil
    ) {
        self.followUps = followUps
        self.store = store
        self.pipeline = pipeline
        self.now = now
        self.observer = observer
        self.answerJobs = answerJobs
        self.outbox = outbox
    }

    /// Enqueues the answer job after the ticket is committed. A failure here
    /// loses nothing: the ticket is stored as triaged and the sweep enqueues it.
    private func enqueueAnswer(_ detail: TicketDetail) async {
        guard let answerJobs else { return }
        _ = try? await answerJobs.enqueue(for: detail)
    }

    /// Runs the pipeline over a new ticket, then stores ticket, conversation
    /// and trace in one transaction. A repeat delivery returns the first ticket;
    /// a delivery with a known `external_id` but new text continues that ticket
    /// with the text as a customer message, so nothing sent is dropped.
    /// `fingerprint` should be taken over the decoded request (see `IntakeRequest.fingerprint`).
    /// With `withholdingAnswer`, nothing is sent to the customer by itself (see
    /// `TicketContext.withholdAutomaticAnswer`): the channel said why, e.g. the mail came from an auto-responder.
    public func intake(
        _ request: IntakeRequest, idempotencyKey: String? = nil, fingerprint: String? = nil,
        authority: IntakeAuthority = .staff, withholdingAnswer reason: String? = nil
    ) async throws -> IntakeResult {
        try await intake(
            request, idempotencyKey: idempotencyKey, fingerprint: fingerprint, authority: authority,
            withholdingAnswer: reason, following: nil)
    }

    /// `intake`, for a follow-up of `previous` (its trace says so).
    private func intake(
        _ request: IntakeRequest, idempotencyKey: String?, fingerprint: String?, authority: IntakeAuthority,
        withholdingAnswer reason: String?, following previous: Ticket?
    ) async throws -> IntakeResult {
        try request.validate()
        var request = request
        request.customer = request.customer?.normalized
        let received = now()
        let ticket = Ticket(
            id: 0, externalID: request.externalID, channel: try authority.channel(for: request.channel),
            subject: request.resolvedSubject, tags: request.tags ?? [], createdAt: received
        )
        let incoming = NewMessage(author: .customer, body: request.body, createdAt: received)
        var context = TicketContext(ticket: ticket, customer: request.customer, history: [], incoming: incoming)
        await pipeline.run(&context)
        if let reason { context.withholdAutomaticAnswer(reason: reason, at: received) }
        if let previous { context.trace.insert(FollowUpRule.origin(of: previous, at: received), at: 0) }
        // No acknowledgement either when the answer is withheld: it would go to the same auto-responder.
        let acknowledgement =
            reason == nil
            ? outbox.acknowledgement(for: context.ticket, customerEmail: request.customer?.email, at: received) : nil
        let result = try await store.createTicket(
            TicketIntake(
                idempotencyKey: idempotencyKey, requestFingerprint: fingerprint, customer: request.customer,
                ticket: context.ticket,
                messages: outbox.addressing(
                    [incoming] + context.replies, ticket: context.ticket, customerEmail: request.customer?.email)
                    + [acknowledgement].compactMap { $0 },
                draft: context.draft, trace: context.trace
            ))
        guard result.created else {
            return try await continueReplayed(result, with: request, authority: authority, withholdingAnswer: reason)
        }
        // Only a stored ticket counts: replays must not count in metrics again.
        observer?(context.trace, context.ticket)
        await enqueueAnswer(result.detail)
        return result
    }

    /// A repeat delivery of a known ticket: the same text is an honest retry
    /// and returns the ticket as it is; new text is a new customer message.
    private func continueReplayed(
        _ result: IntakeResult, with request: IntakeRequest, authority: IntakeAuthority,
        withholdingAnswer reason: String?
    ) async throws -> IntakeResult {
        let text = request.body.trimmingCharacters(in: .whitespacesAndNewlines)
        let known = result.detail.messages.contains {
            $0.author == .customer && $0.body.trimmingCharacters(in: .whitespacesAndNewlines) == text
        }
        guard !known else { return result }
        let updated = try await addMessage(
            ticketID: result.detail.ticket.id, MessageRequest(body: request.body), authority: authority,
            withholdingAnswer: reason)
        return IntakeResult(detail: updated, created: false, appended: true)
    }

    /// Adds a message to a conversation. A customer message re-runs the
    /// pipeline (the ticket may change category, urgency or route); an agent
    /// or system message is recorded as is. `withholdingAnswer` works as in `intake`.
    /// The message goes where the conversation continues (a merged duplicate's target, a follow-up), and
    /// a customer's reply after the reopen window opens a follow-up: the returned ticket may be another one.
    public func addMessage(
        ticketID: Int64, _ request: MessageRequest, authority: IntakeAuthority = .staff,
        withholdingAnswer reason: String? = nil
    ) async throws -> TicketDetail {
        try request.validate()
        guard var detail = try await store.ticketDetail(id: ticketID) else {
            throw StoreError(.notFound, "no ticket \(ticketID)")
        }
        let received = now()
        let message = NewMessage(author: request.author ?? .customer, body: request.body, createdAt: received)
        // The caller's right is to the ticket it named, whichever ticket the conversation continues in.
        try authority.check(author: message.author, ticketChannel: detail.ticket.channel, ticketID: ticketID)
        detail = try await continuation(of: detail)
        if message.author == .customer, let followUps, followUps.opensFollowUp(detail.ticket, at: received) {
            return try await openFollowUp(to: detail, request, rule: followUps, withholdingAnswer: reason)
        }
        var ticket = detail.ticket
        ticket.updatedAt = received
        guard message.author == .customer else {
            if message.author == .agent, ticket.firstResponseAt == nil { ticket.firstResponseAt = received }
            return try await store.appendToTicket(
                TicketUpdate(
                    ticket: ticket,
                    messages: outbox.addressing([message], ticket: ticket, customerEmail: detail.customer?.email),
                    draft: detail.draft, trace: []))
        }
        var reason = reason
        if ticket.status.isParked {
            // Back from waiting: the SLA clock starts now, and the person who parked it answers.
            ticket.slaStartedAt = received
            reason =
                reason
                ?? "the ticket was \(ticket.status == .pending ? "waiting on the customer" : "on hold"); a person answers"
        }
        var context = TicketContext(
            ticket: ticket, customer: detail.customer.map(CustomerInput.init), history: detail.messages,
            incoming: message)
        await pipeline.run(&context)
        if let reason { context.withholdAutomaticAnswer(reason: reason, at: received) }
        observer?(context.trace, context.ticket)
        let updated = try await store.appendToTicket(
            TicketUpdate(
                ticket: context.ticket,
                messages: outbox.addressing(
                    [message] + context.replies, ticket: context.ticket, customerEmail: detail.customer?.email),
                draft: context.draft, trace: context.trace
            ))
        await enqueueAnswer(updated)
        return updated
    }

    /// The ticket a conversation continues in, following merges and follow-ups (a few hops at most: a
    /// chain longer than that is cut short rather than followed forever).
    private func continuation(of detail: TicketDetail) async throws -> TicketDetail {
        var detail = detail
        for _ in 0..<8 {
            guard let next = detail.ticket.continuedIn, let target = try await store.ticketDetail(id: next) else {
                break
            }
            detail = target
        }
        return detail
    }

    /// A new ticket for a customer who wrote long after `old` was resolved, with `old` pointing at it. The
    /// new ticket is stored first: if marking the old one fails, the message is safe and the next reply
    /// simply opens another follow-up.
    private func openFollowUp(
        to old: TicketDetail, _ request: MessageRequest, rule: FollowUpRule, withholdingAnswer reason: String?
    ) async throws -> TicketDetail {
        let created = try await intake(
            IntakeRequest(
                subject: old.ticket.subject, body: request.body, channel: old.ticket.channel,
                customer: old.customer.map(CustomerInput.init)),
            idempotencyKey: nil, fingerprint: nil, authority: .staff, withholdingAnswer: reason,
            following: old.ticket
        ).detail
        _ = try? await rule.store.applyAgentChange(rule.continuation(of: old, in: created.ticket.id, at: now()))
        return created
    }
}

/// What a client sends to open a ticket.
public struct IntakeRequest: Codable, Sendable, Equatable {
    /// Longest accepted subject, in characters.
    public static let maximumSubjectLength = 500
    /// Most tags on one ticket.
    public static let maximumTags = 20

    public var subject: String?
    public var body: String
    public var channel: Channel?
    public var externalID: String?
    public var customer: CustomerInput?
    public var tags: [String]?

    public init(
        subject: String? = nil, body: String, channel: Channel? = nil, externalID: String? = nil,
        customer: CustomerInput? = nil, tags: [String]? = nil
    ) {
        self.subject = subject
        self.body = body
        self.channel = channel
        self.externalID = externalID
        self.customer = customer
        self.tags = tags
    }

    enum CodingKeys: String, CodingKey {
        case subject, body, channel, customer, tags
        case externalID = "external_id"
    }

    /// Fingerprint of what the request means, for spotting an idempotency key
    /// reused with a different request: taken over the decoded fields in a
    /// canonical form (sorted keys), so the same JSON formatted differently,
    /// or with keys in another order, is the same request. FNV-1a is enough:
    /// it tells an honest retry from a different request, it is no security boundary.
    public var fingerprint: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let canonical = (try? encoder.encode(self)) ?? Data(body.utf8)
        return String(FNV1a.hash64(Array(canonical)), radix: 16)
    }

    /// The subject, or the first line of the body when none was given.
    public var resolvedSubject: String {
        if let subject, !subject.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            return subject.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let firstLine = body.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        let trimmed = firstLine.trimmingCharacters(in: .whitespaces)
        return trimmed.count > 80 ? String(trimmed.prefix(77)) + "..." : trimmed
    }

    /// Checks what the type system cannot: non-empty body, sane sizes.
    public func validate() throws {
        if body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ValidationError(field: "body", "must not be empty")
        }
        if let subject, subject.count > Self.maximumSubjectLength {
            throw ValidationError(field: "subject", "must be at most \(Self.maximumSubjectLength) characters")
        }
        if let externalID, externalID.isEmpty || externalID.count > 200 {
            throw ValidationError(field: "external_id", "must be 1 to 200 characters")
        }
        if let tags {
            if tags.count > Self.maximumTags {
                throw ValidationError(field: "tags", "at most \(Self.maximumTags) tags")
            }
            if tags.contains(where: { $0.isEmpty || $0.count > 64 }) {
                throw ValidationError(field: "tags", "each tag must be 1 to 64 characters")
            }
            if tags.contains(where: \.containsControlCharacters) {
                throw ValidationError(field: "tags", "a tag must not contain control characters")
            }
        }
        if let email = customer?.email, !email.contains("@") {
            throw ValidationError(field: "customer.email", "is not an email address")
        }
    }
}

/// What a client sends to continue a conversation.
public struct MessageRequest: Codable, Sendable, Equatable {
    public var body: String
    /// customer (default), agent or system; `ai` is reserved for the pipeline.
    public var author: MessageAuthor?

    public init(body: String, author: MessageAuthor? = nil) {
        self.body = body
        self.author = author
    }

    /// Checks the body is present and the author may be set by a client.
    public func validate() throws {
        if body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ValidationError(field: "body", "must not be empty")
        }
        if author == .ai {
            throw ValidationError(field: "author", "'ai' messages are written by the pipeline only")
        }
    }
}

/// A request that is well-formed JSON but breaks a rule.
public struct ValidationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var field: String
    public var message: String

    public init(field: String, _ message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field) \(message)" }
}
