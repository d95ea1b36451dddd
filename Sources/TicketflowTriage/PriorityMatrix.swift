import Foundation
import TicketflowCore

/// One cell of the priority matrix: when it applies and where it routes.
public struct MatrixRule: Codable, Sendable, Equatable {
    /// Cell name written to the decision trace, e.g. "urgency_5/product_question".
    public var name: String
    /// Categories it applies to; nil or empty = any category.
    public var categories: [String]?
    /// Lowest urgency it applies to (inclusive).
    public var minUrgency: Int?
    /// Highest urgency it applies to (inclusive).
    public var maxUrgency: Int?
    /// Sentiments it applies to; nil or empty = any sentiment.
    public var sentiments: [Sentiment]?
    /// Where matching tickets go.
    public var route: Route

    public init(
        name: String, categories: [String]? = nil, minUrgency: Int? = nil, maxUrgency: Int? = nil,
        sentiments: [Sentiment]? = nil, route: Route
    ) {
        self.name = name
        self.categories = categories
        self.minUrgency = minUrgency
        self.maxUrgency = maxUrgency
        self.sentiments = sentiments
        self.route = route
    }

    func matches(category: String, sentiment: Sentiment, urgency: Int) -> Bool {
        if let categories, !categories.isEmpty, !categories.contains(category) { return false }
        if let minUrgency, urgency < minUrgency { return false }
        if let maxUrgency, urgency > maxUrgency { return false }
        if let sentiments, !sentiments.isEmpty, !sentiments.contains(sentiment) { return false }
        return true
    }

    enum CodingKeys: String, CodingKey {
        case name, categories, sentiments, route
        case minUrgency = "min_urgency"
        case maxUrgency = "max_urgency"
    }
}

/// The routing decision with the cell that made it.
public struct RoutingDecision: Codable, Sendable, Equatable {
    /// Final route.
    public var route: Route
    /// The matrix cell that matched (or "fallback").
    public var cell: String
    /// The route that cell asked for, before safety rules.
    public var matrixRoute: Route
    /// The safety rule that changed the route, if any.
    public var safetyRule: String?

    enum CodingKeys: String, CodingKey {
        case route, cell
        case matrixRoute = "matrix_route"
        case safetyRule = "safety_rule"
    }
}

/// Declarative routing: (sentiment/urgency × category) → route. Rules are
/// tried in order and the first match wins; then hard safety rules apply that
/// no configuration can switch off.
public struct PriorityMatrix: Codable, Sendable, Equatable {
    /// Cells, tried in order.
    public var rules: [MatrixRule]
    /// Route when no cell matches.
    public var fallback: Route

    public init(rules: [MatrixRule], fallback: Route = .aiDraftHumanReview) {
        self.rules = rules
        self.fallback = fallback
    }

    /// Defaults from the field (DESIGN.md).
    public static let defaults = PriorityMatrix(rules: [
        MatrixRule(
            name: "urgency_5/product_question", categories: ["product_question"], minUrgency: 5,
            route: .aiDraftHumanReview),
        MatrixRule(name: "urgency_5/any", minUrgency: 5, route: .humanNow),
        MatrixRule(name: "urgency_4/product_question", categories: ["product_question"], minUrgency: 4, route: .aiOnly),
        MatrixRule(name: "urgency_4/any", minUrgency: 4, route: .aiDraftHumanReview),
        MatrixRule(
            name: "negative/product_question", categories: ["product_question"], sentiments: [.negative, .urgent],
            route: .aiOnly),
        MatrixRule(name: "negative/any", sentiments: [.negative, .urgent], route: .aiDraftHumanReview),
        MatrixRule(name: "urgency_1_3/any", maxUrgency: 3, route: .aiOnly),
    ])

    /// Loads a matrix from JSON (the `rules`/`fallback` shape this type encodes to).
    public static func load(json data: Data) throws -> PriorityMatrix {
        try JSONDecoder().decode(PriorityMatrix.self, from: data)
    }

    /// Routes a ticket.
    public func route(category: String, sentiment: Sentiment, urgency: Int) -> RoutingDecision {
        let rule = rules.first { $0.matches(category: category, sentiment: sentiment, urgency: urgency) }
        let matrixRoute = rule?.route ?? fallback
        var decision = RoutingDecision(
            route: matrixRoute, cell: rule?.name ?? "fallback", matrixRoute: matrixRoute, safetyRule: nil)
        // Hard rules, applied after the matrix so no cell or threshold can override them.
        if urgency >= 4, decision.route == .aiOnly {
            decision.route = .aiDraftHumanReview
            decision.safetyRule = "urgency_4_plus_needs_review"
        }
        if category == ClassifierModel.unknownLabel, decision.route == .aiOnly {
            decision.route = .aiDraftHumanReview
            decision.safetyRule = "unknown_category_needs_review"
        }
        return decision
    }
}
