import Foundation
import TicketflowCore

/// A website that embeds the chat widget, as the config file's `chat_sites` declares it.
public struct ChatSite: Sendable, Equatable {
    /// The snippet's `data-site`.
    public var id: String
    /// Exact origins (`https://shop.example.com`) whose pages may talk to this site's chat;
    /// every other origin is refused, on the WebSocket upgrade and on every HTTP call.
    public var allowedOrigins: Set<String>
    /// Signs the site's user ids (`SiteIdentity`); nil accepts anonymous visitors only.
    public var identitySecret: String?
    public var title: String
    public var greeting: String
    /// A CSS colour for the launcher and the visitor's own messages.
    public var color: String
    /// `right` or `left`.
    public var position: String
    /// How long a visitor token works; a visitor who comes back later starts a new conversation.
    public var tokenLifetime: TimeInterval
    /// Show visitors an LLM answer while it is written, span by checked span (`stream_answers`); off by
    /// default, since a preview the gate then holds is replaced by the hand-over after the visitor read it.
    public var streamsAnswers = false

    public init(
        id: String, allowedOrigins: Set<String>, identitySecret: String? = nil, title: String = "Support",
        greeting: String = "Hi! Ask us anything; we answer right away.", color: String = "#2563eb",
        position: String = "right", tokenLifetime: TimeInterval = 7 * 86_400
    ) {
        self.id = id
        self.allowedOrigins = Set(allowedOrigins.map(ChatSite.normalizedOrigin))
        self.identitySecret = identitySecret
        self.title = title
        self.greeting = greeting
        self.color = color
        self.position = position
        self.tokenLifetime = tokenLifetime
    }

    /// Whether a request with this `Origin` header may use the site.
    public func allows(origin: String?) -> Bool {
        guard let origin, !origin.isEmpty else { return false }
        return allowedOrigins.contains(Self.normalizedOrigin(origin))
    }

    /// Origins compare as browsers send them: lower-case scheme and host, no trailing slash.
    public static func normalizedOrigin(_ origin: String) -> String {
        var text = origin.trimmingCharacters(in: .whitespaces).lowercased()
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }
}

/// Limits that keep one visitor, or one address, from flooding the pipeline.
public struct ChatLimits: Sendable, Equatable {
    /// Longest customer message, in characters.
    public var maximumMessageCharacters: Int
    /// Messages a visitor may send per minute (a burst of this many, refilled evenly).
    public var messagesPerVisitorPerMinute: Int
    /// Requests (sessions, messages, ratings, connections) per client address per minute.
    public var requestsPerAddressPerMinute: Int
    /// Live connections one visitor may hold (tabs).
    public var connectionsPerVisitor: Int

    public init(
        maximumMessageCharacters: Int = 2000, messagesPerVisitorPerMinute: Int = 12,
        requestsPerAddressPerMinute: Int = 120, connectionsPerVisitor: Int = 5
    ) {
        self.maximumMessageCharacters = maximumMessageCharacters
        self.messagesPerVisitorPerMinute = messagesPerVisitorPerMinute
        self.requestsPerAddressPerMinute = requestsPerAddressPerMinute
        self.connectionsPerVisitor = connectionsPerVisitor
    }
}

/// Every chat site of this server and the limits they share.
public struct ChatSettings: Sendable, Equatable {
    public var sites: [String: ChatSite]
    public var limits: ChatLimits

    /// The external id of the ticket a visitor's first message opens: one conversation per visitor, and
    /// where `site(of:)` reads the site back.
    static func ticketExternalID(site: String, visitor: String) -> String { "chat:\(site):\(visitor)" }

    /// The site a chat ticket was opened on (`ticketExternalID`).
    public func site(of ticket: Ticket) -> ChatSite? {
        guard ticket.channel == .chat, let id = ticket.externalID?.split(separator: ":", maxSplits: 2), id.count == 3,
            id[0] == "chat"
        else { return nil }
        return sites[String(id[1])]
    }

    public init(sites: [ChatSite] = [], limits: ChatLimits = ChatLimits()) {
        self.sites = Dictionary(sites.map { ($0.id, $0) }, uniquingKeysWith: { _, last in last })
        self.limits = limits
    }
}
