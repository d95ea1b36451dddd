import Foundation
import TicketflowCore

/// A source link under an answer in the widget.
public struct ChatSource: Codable, Sendable, Equatable {
    public var title: String
    /// Absolute, or relative to the Ticketflow server (its public article page); nil when unpublished.
    public var url: String?
    public var articleID: String

    public init(title: String, url: String?, articleID: String) {
        self.title = title
        self.url = url
        self.articleID = articleID
    }

    enum CodingKeys: String, CodingKey {
        case title, url
        case articleID = "article_id"
    }
}

/// One message as the customer sees it: plain text without source markers, and
/// nothing internal (system notes and drafts never reach the widget).
public struct ChatMessage: Codable, Sendable, Equatable {
    public var id: Int64
    public var author: MessageAuthor
    /// The agent's display name, on agent messages.
    public var name: String?
    public var text: String
    public var sources: [ChatSource]
    public var createdAt: Date
    /// `up` or `down` once the customer rated it.
    public var rating: String?

    enum CodingKeys: String, CodingKey {
        case id, author, name, text, sources, rating
        case createdAt = "created_at"
    }
}

/// What the widget says when a person takes over.
public struct ChatHandover: Codable, Sendable, Equatable {
    public var text: String
    /// Whether the customer may leave an email address for a reply by mail.
    public var offlineEmail: Bool

    enum CodingKeys: String, CodingKey {
        case text
        case offlineEmail = "offline_email"
    }
}

/// A visitor's conversation: the chat ticket seen from the customer's side.
public struct ChatConversation: Codable, Sendable, Equatable {
    public var ticketID: Int64?
    public var status: TicketStatus?
    /// A person has the conversation: the AI stays out until an agent hands it back.
    public var withAgent: Bool
    /// The AI is still working on the customer's last message (the widget shows "thinking").
    public var waitingForAnswer: Bool
    public var handover: ChatHandover?
    /// The address the customer left for a reply by mail, masked.
    public var email: String?
    public var messages: [ChatMessage]

    enum CodingKeys: String, CodingKey {
        case status, handover, email, messages
        case ticketID = "ticket_id"
        case withAgent = "with_agent"
        case waitingForAnswer = "waiting_for_answer"
    }

    /// A visitor who has not written yet.
    public static let empty = ChatConversation(
        ticketID: nil, status: nil, withAgent: false, waitingForAnswer: false, handover: nil, email: nil, messages: [])
}

/// The rules that read a chat ticket as a conversation. Pure, so the handover
/// rules are tested without a server.
public struct ChatConversationReader: Sendable {
    /// Where a cited article can be read; nil gives a source without a link.
    public var articleURL: @Sendable (Citation) -> String?
    /// The wait a customer handed to a person should expect, in seconds (the SLA target).
    public var expectedWait: @Sendable (Ticket) -> TimeInterval
    /// Whether replies can also go out by email (the server has an email channel).
    public var offlineEmail: Bool

    public init(
        articleURL: @escaping @Sendable (Citation) -> String?,
        expectedWait: @escaping @Sendable (Ticket) -> TimeInterval,
        offlineEmail: Bool
    ) {
        self.articleURL = articleURL
        self.expectedWait = expectedWait
        self.offlineEmail = offlineEmail
    }

    /// The tag ratings from the widget carry in their comment, so a thumb shows on its own message.
    public static func ratingComment(messageID: Int64) -> String { "chat message \(messageID)" }

    /// Whether a person has the conversation. Waiting for review, escalated or parked by an agent: a
    /// person will answer. Handed back (`triaged`) or never handed over: the AI answers. After
    /// that, whoever answered last keeps it, so a customer's follow-up to an agent's
    /// reply goes to that agent, not to the AI.
    public static func withAgent(_ detail: TicketDetail) -> Bool {
        switch detail.ticket.status {
        case .awaitingReview, .escalated, .pending, .onHold: return true
        case .new, .triaged: return false
        case .autoResolved, .resolved, .closed:
            return detail.messages.last(where: { $0.author == .ai || $0.author == .agent })?.author == .agent
        }
    }

    /// Whether the AI is still working on the customer's last message: the ticket was triaged for
    /// an answer from the queue and has not changed since that message arrived (a hand-back also
    /// leaves a ticket triaged, but later, and nothing is pending then).
    static func answerPending(_ detail: TicketDetail, lastVisible: Message?) -> Bool {
        guard let last = lastVisible, last.author == .customer else { return false }
        let status = detail.ticket.status
        return (status == .new || status == .triaged) && detail.ticket.updatedAt <= last.createdAt
    }

    /// The conversation of `detail` with the customer's ratings; `agentName` is the
    /// assigned agent's display name when the accounts know it.
    public func conversation(_ detail: TicketDetail, ratings: [Rating], agentName: String? = nil) -> ChatConversation {
        var thumbs: [String: String] = [:]
        for rating in ratings where rating.source == "chat" {
            if let comment = rating.comment { thumbs[comment] = rating.score >= 4 ? "up" : "down" }
        }
        let visible = detail.messages.filter { $0.author == .customer || $0.author == .ai || $0.author == .agent }
        let messages = visible.map { message in
            ChatMessage(
                id: message.id, author: message.author,
                name: message.author == .agent ? agentName ?? Self.agentName(detail.ticket.assignee) : nil,
                text: message.customerText,
                sources: Self.sources(of: message.citations, url: articleURL),
                createdAt: message.createdAt, rating: thumbs[Self.ratingComment(messageID: message.id)])
        }
        let withAgent = Self.withAgent(detail)
        let waitingForPerson = detail.ticket.status == .awaitingReview || detail.ticket.status == .escalated
        let lastIsCustomer = visible.last?.author == .customer
        return ChatConversation(
            ticketID: detail.ticket.id, status: detail.ticket.status, withAgent: withAgent,
            waitingForAnswer: Self.answerPending(detail, lastVisible: visible.last),
            handover: waitingForPerson && lastIsCustomer
                ? ChatHandover(
                    text: handoverText(detail.ticket), offlineEmail: offlineEmail && detail.customer?.email == nil)
                : nil,
            email: detail.customer?.email.map { DeliveryRecipient($0).masked }, messages: messages)
    }

    /// One source per article (an answer may cite several chunks of one article), in citation order.
    static func sources(of citations: [Citation], url: (Citation) -> String?) -> [ChatSource] {
        var seen: Set<String> = []
        return citations.filter { seen.insert($0.articleID).inserted }.map {
            ChatSource(title: $0.title, url: url($0), articleID: $0.articleID)
        }
    }

    /// What the customer is told when a person takes over: who answers and a wait
    /// the team commits to (its SLA target), never a promise it has not made.
    func handoverText(_ ticket: Ticket) -> String {
        "A person from our team will reply here. We aim to answer within \(Self.duration(expectedWait(ticket)))."
    }

    /// A display name for an agent id (an email, or `token:<name>` for API tokens): the part before the `@`.
    static func agentName(_ id: String?) -> String {
        guard let id, !id.isEmpty else { return "Support team" }
        if id.hasPrefix("token:") { return "Support team" }
        let local = id.split(separator: "@").first.map(String.init) ?? id
        return local.split(whereSeparator: { $0 == "." || $0 == "_" || $0 == "-" })
            .map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " ")
    }

    /// "15 minutes", "about 4 hours", "about 2 days".
    static func duration(_ seconds: TimeInterval) -> String {
        let minutes = Int((seconds / 60).rounded())
        if minutes < 60 { return "\(max(1, minutes)) minute\(minutes == 1 ? "" : "s")" }
        let hours = Int((seconds / 3600).rounded())
        if hours < 48 { return "about \(hours) hour\(hours == 1 ? "" : "s")" }
        return "about \(Int((seconds / 86_400).rounded())) days"
    }
}
