/// Which open tickets the review queue shows. Open means awaiting_review or
/// escalated; the ordering (priority, SLA clock) is applied by the caller.
public struct ReviewQueueQuery: Sendable, Equatable {
    /// Who the ticket is assigned to.
    public enum AssigneeFilter: Sendable, Equatable {
        /// Anyone or no one.
        case any
        /// Only tickets nobody has claimed.
        case unassigned
        /// Only tickets held by this email.
        case user(String)
    }

    /// Most open tickets one queue read returns.
    public static let maximumLimit = 1000

    /// Only this route, or every route.
    public var route: Route?
    /// Only this category, or every category.
    public var category: String?
    /// Only these categories (a team's queue, from its declared categories), or every category.
    public var categories: [String]?
    /// Assignment filter.
    public var assignee: AssigneeFilter
    /// How many tickets to read (oldest first), at most `maximumLimit`.
    public var limit: Int

    /// Creates a query; with no arguments, every open ticket.
    public init(route: Route? = nil, category: String? = nil, assignee: AssigneeFilter = .any, limit: Int = 500) {
        self.route = route
        self.category = category
        self.assignee = assignee
        self.limit = limit
    }

    /// The statuses a ticket waiting for a person has.
    public static let openStatuses: [TicketStatus] = [.awaitingReview, .escalated]
}
