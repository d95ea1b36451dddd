import Foundation

/// The storage port. SQLite is the embedded default; PostgreSQL implements
/// the same protocol for many nodes. Every method that returns without
/// throwing has made its writes durable.
public protocol TicketStore: Sendable {
    /// Stores a new ticket with its customer, messages and trace in one
    /// transaction, or returns the ticket an earlier delivery created.
    func createTicket(_ intake: TicketIntake) async throws -> IntakeResult

    /// Adds messages to a conversation and saves the ticket's new triage
    /// state and trace, atomically.
    func appendToTicket(_ update: TicketUpdate) async throws -> TicketDetail

    /// The ticket with its customer, messages and trace, or nil.
    func ticketDetail(id: Int64) async throws -> TicketDetail?

    /// A page of tickets, newest first.
    func listTickets(_ query: TicketQuery) async throws -> TicketPage

    /// Number of stored tickets, for health and demo seeding.
    func ticketCount() async throws -> Int

    /// When each of these tickets last changed (tickets that do not exist are left out):
    /// one cheap query that tells a node whose live chats moved, whichever node wrote.
    func updateStamps(ticketIDs: [Int64]) async throws -> [Int64: Date]
}

extension TicketStore {
    /// One read per ticket; the stores answer with one query.
    public func updateStamps(ticketIDs: [Int64]) async throws -> [Int64: Date] {
        var stamps: [Int64: Date] = [:]
        for id in ticketIDs { stamps[id] = try await ticketDetail(id: id)?.ticket.updatedAt }
        return stamps
    }
}

/// A ticket as intake delivers it to the store.
public struct TicketIntake: Sendable {
    /// Idempotency-Key of the request that created it.
    public var idempotencyKey: String?
    /// Fingerprint of the request body, so a reused key with a different
    /// body is refused instead of silently answered with the old ticket.
    public var requestFingerprint: String?
    public var customer: CustomerInput?
    /// The ticket to store; its id is ignored and assigned by the store.
    public var ticket: Ticket
    /// The customer's first message followed by any pipeline replies.
    public var messages: [NewMessage]
    public var draft: AnswerDraft?
    public var trace: [TraceEntry]

    public init(
        idempotencyKey: String?, requestFingerprint: String?, customer: CustomerInput?,
        ticket: Ticket, messages: [NewMessage], draft: AnswerDraft? = nil, trace: [TraceEntry]
    ) {
        self.idempotencyKey = idempotencyKey
        self.requestFingerprint = requestFingerprint
        self.customer = customer
        self.ticket = ticket
        self.messages = messages
        self.draft = draft
        self.trace = trace
    }
}

/// The stored ticket, and whether this call created it.
public struct IntakeResult: Sendable {
    public var detail: TicketDetail
    /// False when an earlier delivery with the same key or external id won.
    public var created: Bool
    /// True when the delivery matched a known ticket but brought new text,
    /// which was added to it as a customer message.
    public var appended: Bool

    public init(detail: TicketDetail, created: Bool, appended: Bool = false) {
        self.detail = detail
        self.created = created
        self.appended = appended
    }
}

/// New messages for an existing ticket plus its re-triaged state.
public struct TicketUpdate: Sendable {
    /// The ticket with its new triage fields; identifies the row by id.
    public var ticket: Ticket
    public var messages: [NewMessage]
    /// The new review draft; nil clears an old one.
    public var draft: AnswerDraft?
    public var trace: [TraceEntry]
    /// When set, the update applies only if the stored ticket's `updatedAt`
    /// still equals this (optimistic concurrency for background work); a
    /// ticket changed in between is a `.conflict`.
    public var expectedUpdatedAt: Date?
    /// When set, the customer is matched or created as at intake (external id, then
    /// email; fields left out keep their values) and becomes the ticket's customer:
    /// a chat visitor who leaves an email address for a reply by mail.
    public var customer: CustomerInput?

    public init(
        ticket: Ticket, messages: [NewMessage], draft: AnswerDraft? = nil, trace: [TraceEntry],
        expectedUpdatedAt: Date? = nil, customer: CustomerInput? = nil
    ) {
        self.ticket = ticket
        self.messages = messages
        self.draft = draft
        self.trace = trace
        self.expectedUpdatedAt = expectedUpdatedAt
        self.customer = customer
    }
}

/// Filters and paging for listing tickets.
public struct TicketQuery: Sendable, Equatable {
    public static let defaultLimit = 50
    public static let maximumLimit = 200

    public var status: TicketStatus?
    public var route: Route?
    public var category: String?
    public var limit: Int
    /// Only tickets with an id below this one (from the previous page).
    public var before: Int64?
    /// Only tickets changed at or after this time, for pollers that keep
    /// their last poll time instead of rescanning.
    public var updatedSince: Date?

    public init(
        status: TicketStatus? = nil, route: Route? = nil, category: String? = nil,
        limit: Int = TicketQuery.defaultLimit, before: Int64? = nil, updatedSince: Date? = nil
    ) {
        self.status = status
        self.route = route
        self.category = category
        self.limit = limit
        self.before = before
        self.updatedSince = updatedSince
    }
}

/// One page of tickets and where the next one starts.
public struct TicketPage: Sendable, Equatable {
    public var tickets: [Ticket]
    /// Id to pass as `before` for the next page; nil on the last page.
    public var nextBefore: Int64?

    public init(tickets: [Ticket], nextBefore: Int64?) {
        self.tickets = tickets
        self.nextBefore = nextBefore
    }
}

/// A storage failure, with a code callers can map to a response.
public struct StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case notFound = "not_found"
        /// The request contradicts stored state (a reused idempotency key).
        case conflict
        case unavailable
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
