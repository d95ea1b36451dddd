import Foundation
import TicketflowAuth
import TicketflowCore

/// A visitor's details a site passes in its page; trusted only with a valid `hash`.
public struct ChatUser: Codable, Sendable, Equatable {
    public var id: String
    public var hash: String
    public var name: String?
    public var email: String?

    public init(id: String, hash: String, name: String? = nil, email: String? = nil) {
        self.id = id
        self.hash = hash
        self.name = name
        self.email = email
    }
}

/// A visitor's session as the widget starts it.
public struct ChatSession: Sendable, Equatable {
    public var token: String
    public var visitor: VisitorToken
    /// False when the stored token was missing, forged or expired and a new visitor began.
    public var resumed: Bool
    public var site: ChatSite
    public var conversation: ChatConversation
}

/// What posting a message did.
public struct ChatPosted: Sendable, Equatable {
    public var message: ChatMessage?
    /// A new token when the first message opened the conversation's ticket.
    public var token: String?
    public var visitor: VisitorToken
    public var conversation: ChatConversation
}

/// The chat use cases over the ticket service: a conversation is a ticket on the
/// `chat` channel, every customer message runs the pipeline, and once a person
/// has the conversation the AI keeps out until an agent hands it back.
public struct ChatService: Sendable {
    public let settings: ChatSettings
    let tokens: VisitorTokenSigner
    let tickets: TicketService
    let ratings: any AnalyticsStore
    public let reader: ChatConversationReader
    public let limiter: ChatRateLimiter
    /// An agent's display name by account id (email); nil when unknown.
    let agentName: @Sendable (String) async -> String?
    /// Told when a visitor says an answer did not help: the conversation and the answer's id.
    let unhelpful: @Sendable (TicketDetail, Int64) async -> Void
    /// Told about every write here (ticket, visitor, the new token when the write opened the
    /// ticket), so this node's connections see it at once (`ChatHub.changed`).
    let changed: @Sendable (Int64, String, String?) async -> Void

    public init(
        settings: ChatSettings, tokens: VisitorTokenSigner, tickets: TicketService, ratings: any AnalyticsStore,
        reader: ChatConversationReader, limiter: ChatRateLimiter = ChatRateLimiter(),
        agentName: @escaping @Sendable (String) async -> String? = { _ in nil },
        unhelpful: @escaping @Sendable (TicketDetail, Int64) async -> Void = { _, _ in },
        changed: @escaping @Sendable (Int64, String, String?) async -> Void = { _, _, _ in }
    ) {
        self.settings = settings
        self.tokens = tokens
        self.tickets = tickets
        self.ratings = ratings
        self.reader = reader
        self.limiter = limiter
        self.agentName = agentName
        self.unhelpful = unhelpful
        self.changed = changed
    }

    /// Why the AI keeps out of a follow-up (the system note agents see).
    public static let withAgentReason = "a person is handling this chat; hand it back to let the AI answer"

    var now: Date { tickets.now() }

    /// The site `id`, when `origin` may use it.
    public func site(_ id: String, origin: String?) throws -> ChatSite {
        guard let site = settings.sites[id] else { throw ChatRefusal(.unknownSite, "no chat site '\(id)'") }
        guard site.allows(origin: origin) else {
            throw ChatRefusal(.originNotAllowed, "this page's origin may not use the '\(id)' chat")
        }
        return site
    }

    /// The visitor a token names, checked against the request's origin.
    public func visitor(token: String?, origin: String?) throws -> (VisitorToken, ChatSite) {
        guard let token, let visitor = tokens.read(token, at: now) else {
            throw ChatRefusal(.invalidToken, "the visitor token is missing, invalid or expired; start a new session")
        }
        return (visitor, try site(visitor.site, origin: origin))
    }

    /// Starts or resumes a session. A stored token of the same site and user resumes its
    /// conversation; anything else starts a new visitor. A user hash that does not match is refused.
    public func startSession(
        site id: String, origin: String?, token: String?, user: ChatUser?
    ) async throws
        -> ChatSession
    {
        let site = try site(id, origin: origin)
        if let user {
            guard let secret = site.identitySecret, !user.id.isEmpty, user.id.count <= 200,
                SiteIdentity.isValid(userID: user.id, hash: user.hash, secret: secret)
            else {
                throw ChatRefusal(.identityNotVerified, "the user identity is not signed by this site")
            }
        }
        if let token, let stored = tokens.read(token, at: now), stored.site == site.id, stored.userID == user?.id {
            var renewed = stored
            renewed.expires = Self.expiry(now, site)
            return ChatSession(
                token: tokens.sign(renewed), visitor: renewed, resumed: true, site: site,
                conversation: try await conversation(of: renewed))
        }
        let visitor = VisitorToken(
            site: site.id, visitor: VisitorToken.newVisitorID(), userID: user?.id,
            expires: Self.expiry(now, site))
        return ChatSession(
            token: tokens.sign(visitor), visitor: visitor, resumed: false, site: site, conversation: .empty)
    }

    /// Whole seconds: the token carries them.
    static func expiry(_ now: Date, _ site: ChatSite) -> Date {
        Date(timeIntervalSince1970: (now.timeIntervalSince1970 + site.tokenLifetime).rounded(.down))
    }

    /// The visitor's conversation as it is now.
    public func conversation(of visitor: VisitorToken) async throws -> ChatConversation {
        guard let id = visitor.ticketID, let detail = try await tickets.store.ticketDetail(id: id) else {
            return .empty
        }
        return try await conversation(detail)
    }

    /// `detail` read as the customer's conversation.
    public func conversation(_ detail: TicketDetail) async throws -> ChatConversation {
        let name: String? = if let assignee = detail.ticket.assignee { await agentName(assignee) } else { nil }
        return reader.conversation(
            detail, ratings: try await ratings.ratings(ticketID: detail.ticket.id), agentName: name)
    }

    /// Posts a customer message: the first opens the conversation's ticket, later ones continue it.
    public func post(
        _ raw: String, as visitor: VisitorToken, site: ChatSite, user: ChatUser? = nil
    ) async throws
        -> ChatPosted
    {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw ChatRefusal(.invalid, "the message is empty") }
        guard !text.containsNUL else { throw ChatRefusal(.invalid, "the message holds a NUL character") }
        let limit = settings.limits.maximumMessageCharacters
        guard text.count <= limit else {
            throw ChatRefusal(.tooLong, "messages are at most \(limit) characters; this one has \(text.count)")
        }
        if let wait = limiter.take(
            "visitor:\(site.id):\(visitor.visitor)", perMinute: settings.limits.messagesPerVisitorPerMinute, at: now)
        {
            throw ChatRefusal(.rateLimited(retryAfter: wait), "too many messages; wait \(wait) s and send again")
        }
        var visitor = visitor
        var newToken: String?
        let detail: TicketDetail
        if let id = visitor.ticketID, let current = try await tickets.store.ticketDetail(id: id) {
            let withAgent = ChatConversationReader.withAgent(current)
            detail = try await tickets.addMessage(
                ticketID: id, MessageRequest(body: text), authority: .customer(channel: .chat),
                withholdingAnswer: withAgent ? Self.withAgentReason : nil)
            if detail.ticket.id != id {
                // The conversation goes on in another ticket (merged, or a follow-up after the reopen window):
                // the visitor follows it.
                visitor.ticketID = detail.ticket.id
                newToken = tokens.sign(visitor)
            }
        } else {
            detail = try await tickets.intake(
                IntakeRequest(
                    body: text, channel: .chat,
                    externalID: ChatSettings.ticketExternalID(site: site.id, visitor: visitor.visitor),
                    customer: customer(visitor: visitor, user: user)),
                authority: .customer(channel: .chat)
            ).detail
            visitor.ticketID = detail.ticket.id
            newToken = tokens.sign(visitor)
        }
        await changed(detail.ticket.id, visitor.visitor, newToken)
        let conversation = try await conversation(detail)
        let sent = conversation.messages.last(where: { $0.author == .customer && $0.text == text })
        return ChatPosted(message: sent, token: newToken, visitor: visitor, conversation: conversation)
    }

    /// The customer behind a visitor: a verified user is the team's own customer (by
    /// external id, so plan and history come with it); an anonymous visitor gets one of
    /// their own, where an email left for an offline reply is kept.
    func customer(visitor: VisitorToken, user: ChatUser?) -> CustomerInput {
        if let userID = visitor.userID {
            return CustomerInput(externalID: userID, name: user?.name, email: user?.email)
        }
        return CustomerInput(externalID: "chat:\(visitor.site):\(visitor.visitor)")
    }

    /// Records a thumbs-up (5) or thumbs-down (1) for an answer in the conversation.
    public func rate(messageID: Int64, helpful: Bool, as visitor: VisitorToken) async throws -> String {
        guard let id = visitor.ticketID, let detail = try await tickets.store.ticketDetail(id: id),
            let message = detail.messages.first(where: { $0.id == messageID }),
            message.author == .ai || message.author == .agent
        else { throw ChatRefusal(.invalid, "no answer \(messageID) in this conversation") }
        _ = try await ratings.addRating(
            ticketID: id, score: helpful ? 5 : 1, comment: ChatConversationReader.ratingComment(messageID: messageID),
            source: "chat", at: now)
        if !helpful { await unhelpful(detail, messageID) }
        await changed(id, visitor.visitor, nil)
        return helpful ? "up" : "down"
    }

    /// Keeps the customer's email on their record so a person's reply also goes by mail.
    public func leaveEmail(_ raw: String, as visitor: VisitorToken) async throws -> (masked: String, willEmail: Bool) {
        let email = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let address = EmailAddress(email) else {
            throw ChatRefusal(.invalid, "'\(email)' is not an email address")
        }
        guard let id = visitor.ticketID, let detail = try await tickets.store.ticketDetail(id: id) else {
            throw ChatRefusal(.invalid, "write a message first; the email goes with the conversation")
        }
        var ticket = detail.ticket
        ticket.updatedAt = now
        var input = detail.customer.map(CustomerInput.init) ?? customer(visitor: visitor, user: nil)
        input.email = address.value
        _ = try await tickets.store.appendToTicket(
            TicketUpdate(ticket: ticket, messages: [], draft: detail.draft, trace: [], customer: input))
        await changed(id, visitor.visitor, nil)
        return (DeliveryRecipient(address.value).masked, reader.offlineEmail)
    }
}
