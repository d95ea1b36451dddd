import Foundation
import Hummingbird
import TicketflowCore
import TicketflowHTTP

/// `/console/dashboard`: the support metrics of the last 7, 30 or 90 days.
extension ConsoleRoutes {
    func dashboardPage(
        _ request: Request, analytics: any AnalyticsStore, viewer: CallerIdentity
    ) async throws -> Response {
        var days = 30
        if let raw = request.uri.queryParameters["days"].map(String.init) {
            guard let value = Int(raw), DashboardModel.windows.contains(value) else {
                throw ValidationError(field: "days", "must be 7, 30 or 90")
            }
            days = value
        }
        let now = Date()
        let since = now.addingTimeInterval(-Double(days) * 86_400)
        let facts = try await analytics.ticketFacts(since: since)
        let model = DashboardModel(
            summary: SupportMetrics.summarize(facts, since: since, targets: configuration.dashboardTargets),
            facts: facts, days: days, now: now)
        return renderer.page("dashboard", frame(title: "Dashboard", viewer: viewer), model.page())
    }
}
