import Foundation
import Hummingbird
import TicketflowAuth
import TicketflowCore
import TicketflowEscalation
import TicketflowHTTP

/// `/console/dashboard`: the support metrics of the last 1, 7, 30 or 90 days, the backlog and each agent's work.
extension ConsoleRoutes {
    func dashboardPage(
        _ request: Request, analytics: any AnalyticsStore, viewer: CallerIdentity
    ) async throws -> Response {
        var days = 30
        if let raw = request.formQuery["days"].map(String.init) {
            guard let value = Int(raw), DashboardModel.windows.contains(value) else {
                throw ValidationError(field: "days", "must be 1, 7, 30 or 90")
            }
            days = value
        }
        let now = Date()
        let since = now.addingTimeInterval(-Double(days) * 86_400)
        let facts = try await analytics.ticketFacts(since: since)
        var model = DashboardModel(
            summary: SupportMetrics.summarize(facts, since: since, targets: configuration.dashboardTargets),
            facts: facts, days: days, now: now)
        // The backlog is counted exactly; breaches are read from the queue, which lists the oldest first, so the
        // cap only matters with more than its limit of tickets breached at once.
        let counts = try await analytics.statusCounts()
        model.backlog = ReviewQueueQuery.openStatuses.reduce(0) { $0 + (counts[$1] ?? 0) }
        model.breached = try await desk.queue(ReviewQueueQuery(limit: ReviewQueueQuery.maximumLimit))
            .filter(\.breached).count
        model.gaps = try await knowledgeGaps()
        model.names = try await displayNames()
        return renderer.page("dashboard", frame(title: "Dashboard", viewer: viewer), model.page())
    }
}
