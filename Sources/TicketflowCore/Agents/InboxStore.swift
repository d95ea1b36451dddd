import Foundation

/// What the console's inbox asks for: every ticket (not only open ones), filtered and searched.
public struct InboxQuery: Sendable, Equatable {
    public static let defaultLimit = 50
    public static let maximumLimit = 200

    /// Words that must each appear in the subject, a message, or the customer's name or email: whole
    /// words or their beginnings, case-insensitive (`SearchTerms`). Nil or no words: no text filter.
    public var text: String?
    /// Only these statuses; nil for all.
    public var statuses: [TicketStatus]?
    public var route: Route?
    public var category: String?
    public var channel: Channel?
    /// Only tickets carrying this tag (tags are stored lower-cased).
    public var tag: String?
    /// Only this customer's tickets: the ticket page's customer panel.
    public var customerID: Int64?
    public var assignee: ReviewQueueQuery.AssigneeFilter
    /// Only tickets opened at or after this time.
    public var createdFrom: Date?
    /// Only tickets opened before this time.
    public var createdBefore: Date?
    /// Only tickets with an id below this one (the previous page's `nextBefore`).
    public var before: Int64?
    public var limit: Int

    public init(
        text: String? = nil, statuses: [TicketStatus]? = nil, route: Route? = nil, category: String? = nil,
        channel: Channel? = nil, assignee: ReviewQueueQuery.AssigneeFilter = .any, createdFrom: Date? = nil,
        createdBefore: Date? = nil, before: Int64? = nil, limit: Int = InboxQuery.defaultLimit, tag: String? = nil,
        customerID: Int64? = nil
    ) {
        self.tag = tag
        self.customerID = customerID
        self.text = text
        self.statuses = statuses
        self.route = route
        self.category = category
        self.channel = channel
        self.assignee = assignee
        self.createdFrom = createdFrom
        self.createdBefore = createdBefore
        self.before = before
        self.limit = limit
    }

    /// The search words, as both stores match them.
    public var terms: [String] { SearchTerms.words(in: text ?? "") }
}

/// One inbox row: the ticket and what an agent scans it by.
public struct InboxEntry: Sendable, Equatable {
    public var ticket: Ticket
    public var customerName: String?
    public var customerEmail: String?
    /// When the customer last wrote; an inbox counts "waiting" from here, not from the ticket's opening.
    public var lastCustomerMessageAt: Date?
    /// The start of the customer's last message.
    public var preview: String?

    public init(
        ticket: Ticket, customerName: String? = nil, customerEmail: String? = nil, lastCustomerMessageAt: Date? = nil,
        preview: String? = nil
    ) {
        self.ticket = ticket
        self.customerName = customerName
        self.customerEmail = customerEmail
        self.lastCustomerMessageAt = lastCustomerMessageAt
        self.preview = preview
    }

    /// Characters of the last customer message kept as the preview.
    public static let previewLength = 160
}

/// One page of the inbox, newest first, and where the next one starts.
public struct InboxPage: Sendable, Equatable {
    public var entries: [InboxEntry]
    public var nextBefore: Int64?
}

/// The inbox's storage port: full-text search and filters over all tickets, with SQLite's FTS5 and
/// PostgreSQL's text search behind the same matching rule (see the conformance suite).
public protocol InboxStore: Sendable {
    /// Up to `limit` tickets matching `query` (its `limit` ignored), newest first.
    func inboxEntries(_ query: InboxQuery, limit: Int) async throws -> [InboxEntry]

    /// The newest `limit` answers (AI or agent messages) whose stored citations JSON contains `text` as a
    /// plain substring (no wildcards, any length), newest first: candidates, which
    /// `answersCiting(articleID:limit:)` narrows to exact citations.
    func answers(withCitationsContaining text: String, limit: Int) async throws -> [CitingAnswer]
}

/// An answer that cited an article, and where its ticket stands now: how a lead sees what an article does.
public struct CitingAnswer: Sendable, Equatable {
    public var ticketID: Int64
    public var subject: String
    /// The ticket's status now.
    public var status: TicketStatus
    /// `ai` or `agent`.
    public var author: MessageAuthor
    public var at: Date

    public init(ticketID: Int64, subject: String, status: TicketStatus, author: MessageAuthor, at: Date) {
        self.ticketID = ticketID
        self.subject = subject
        self.status = status
        self.author = author
        self.at = at
    }

    /// The articles the answer cited.
    public var citedArticleIDs: [String] = []

    /// Whether the ticket ended without needing more: auto-resolved, resolved or closed.
    public var settled: Bool { [.autoResolved, .resolved, .closed].contains(status) }
}

extension InboxStore {
    /// The newest answers that cite this article, up to `limit`, newest first. The stores narrow by the
    /// id's key and value as the citations column stores them: JSON escapes `/` (`billing\/refunds`), so
    /// the bare id missed every article from a subfolder; the decoded citations decide.
    public func answersCiting(articleID: String, limit: Int) async throws -> [CitingAnswer] {
        let stored = "\"\(Citation.CodingKeys.articleID.rawValue)\":" + (try JSONColumn.encode(articleID))
        let candidates = try await answers(withCitationsContaining: stored, limit: limit * 2)
        return Array(candidates.filter { $0.citedArticleIDs.contains(articleID) }.prefix(limit))
    }

    /// One page of the inbox.
    public func inbox(_ query: InboxQuery) async throws -> InboxPage {
        let request = PageRequest(limit: query.limit, maximum: InboxQuery.maximumLimit)
        let (entries, next) = request.page(of: try await inboxEntries(query, limit: request.fetchLimit)) {
            $0.ticket.id
        }
        return InboxPage(entries: entries, nextBefore: next)
    }
}

/// How search text becomes words both stores match the same way: runs of letters and digits, lower-cased,
/// each matching a word that starts with it. Anything else (quotes, operators, `*`) only separates words,
/// so no text can change a query's syntax.
public enum SearchTerms {
    /// More words than this are ignored: each one adds a condition to the query.
    public static let maximumWords = 6
    public static let maximumWordLength = 40

    public static func words(in text: String) -> [String] {
        let words = text.lowercased().split { !($0.isLetter || $0.isNumber) }.map {
            String($0.prefix(maximumWordLength))
        }
        var seen = Set<String>()
        return Array(words.filter { seen.insert($0).inserted }.prefix(maximumWords))
    }
}
