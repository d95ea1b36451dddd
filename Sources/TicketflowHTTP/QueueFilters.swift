import Hummingbird
import TicketflowCore

/// Reads review-queue filters from query parameters, for the JSON API and
/// the console alike: `route`, `category`, `assignee` (`me`, `unassigned`,
/// an email, or absent for everyone) and `limit`.
public enum QueueFilters {
    /// The query for `parameters`, with `me` resolved to `actorID`; bad values are a 400 problem.
    public static func query(
        from parameters: Parameters, actorID: String, queues: [String: [String]] = [:]
    ) throws -> ReviewQueueQuery {
        var query = ReviewQueueQuery()
        if let raw = parameters["queue"].map(String.init), !raw.isEmpty {
            guard let categories = queues[raw] else {
                let names = queues.keys.sorted()
                throw Problem.badRequest(
                    "invalid-parameter",
                    names.isEmpty
                        ? "queue: no queues are configured (categories in the config file name them)"
                        : "queue must be one of \(names.joined(separator: ", "))")
            }
            query.categories = categories
        }
        if let raw = parameters["route"].map(String.init), !raw.isEmpty {
            guard let route = Route(rawValue: raw) else {
                throw Problem.badRequest(
                    "invalid-parameter",
                    "route must be one of \(Route.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            query.route = route
        }
        if let category = parameters["category"].map(String.init), !category.isEmpty { query.category = category }
        switch parameters["assignee"].map(String.init) ?? "" {
        case "", "any": query.assignee = .any
        case "me": query.assignee = .user(actorID)
        case "unassigned": query.assignee = .unassigned
        case let email: query.assignee = .user(email.lowercased())
        }
        if let raw = parameters["limit"].map(String.init), !raw.isEmpty {
            guard let limit = Int(raw), (1...ReviewQueueQuery.maximumLimit).contains(limit) else {
                throw Problem.badRequest(
                    "invalid-parameter", "limit must be an integer from 1 to \(ReviewQueueQuery.maximumLimit)")
            }
            query.limit = limit
        }
        return query
    }
}
