import Foundation
import Hummingbird
import TicketflowCore
import TicketflowEscalation
import TicketflowHTTP

/// The read pages: review queue, ticket, knowledge base.
extension ConsoleRoutes {
    func queuePage(_ request: Request, viewer: CallerIdentity) async throws -> Response {
        let parameters = request.uri.queryParameters
        let query = try QueueFilters.query(from: parameters, actorID: viewer.actor.id)
        let entries = try await desk.queue(query)
        var data = frame(title: "Review queue", viewer: viewer)
        data["count"] = entries.count
        data["entries"] = entries.map { entry -> [String: Any] in
            let t = entry.ticket
            return [
                "id": t.id, "subject": t.subject, "priority": entry.priority.rawValue,
                "category": ConsoleFormat.or(t.category), "urgency": t.urgency.map(String.init) ?? "—",
                "route": ConsoleFormat.or(t.route?.rawValue), "status": t.status.rawValue,
                "assignee": ConsoleFormat.or(t.assignee, "—"), "waiting": ConsoleFormat.duration(entry.waitingSeconds),
                "due": ConsoleFormat.due(remaining: entry.remainingSeconds), "breached": entry.breached,
            ]
        }
        let route = parameters["route"].map(String.init) ?? ""
        let category = parameters["category"].map(String.init) ?? ""
        let assignee = parameters["assignee"].map(String.init) ?? ""
        data["routes"] = [["value": "", "label": "All routes", "selected": route.isEmpty]]
            + Route.allCases.map { ["value": $0.rawValue, "label": $0.rawValue, "selected": $0.rawValue == route] }
        data["categories"] = [["value": "", "label": "All categories", "selected": category.isEmpty]]
            + TicketPageModel.options(TicketPageModel.categories + (category.isEmpty ? [] : [category]), selected: category)
        data["assignees"] = [
            ["value": "", "label": "Anyone", "selected": assignee.isEmpty],
            ["value": "me", "label": "Me", "selected": assignee == "me"],
            ["value": "unassigned", "label": "Unassigned", "selected": assignee == "unassigned"],
        ]
        return renderer.page("queue", data)
    }

    func ticketPage(_ request: Request, id: Int64, viewer: CallerIdentity) async throws -> Response {
        guard let detail = try await desk.store.ticketDetail(id: id) else { throw StoreError(.notFound, "There is no ticket \(id).") }
        var package: EscalationPackage?
        do {
            package = try await desk.package(for: id)
        } catch let refusal as Refusal where refusal.code == .notFound {
            package = nil  // resolved and never-escalated tickets have none
        }
        let model = TicketPageModel(
            detail: detail, entry: desk.sla.entry(for: detail.ticket, at: desk.now()), package: package,
            events: try await desk.events(ticketID: id), viewer: viewer.actor)
        var data = frame(
            title: "#\(id)", viewer: viewer,
            notice: request.uri.queryParameters["done"].flatMap { Self.notices[String($0)] })
        data.merge(model.data()) { _, new in new }
        return renderer.page("ticket", data)
    }

    func knowledgeList(viewer: CallerIdentity) async throws -> Response {
        let articles = try await knowledge.store.articles()
        var data = frame(title: "Knowledge base", viewer: viewer)
        data["count"] = articles.count
        data["articles"] = articles.sorted { $0.title.localizedCaseInsensitiveCompare($1.title) == .orderedAscending }.map { article -> [String: Any] in
            [
                "id": article.id, "title": article.title, "category": ConsoleFormat.or(article.category),
                "tags": ConsoleFormat.or(article.tags.joined(separator: ", ")), "version": article.version,
                "updated": ConsoleFormat.time(article.updatedAt),
            ]
        }
        return renderer.page("kb-list", data)
    }

    func knowledgeArticle(_ id: String, viewer: CallerIdentity) async throws -> Response {
        guard let article = try await knowledge.store.article(id: id) else {
            throw StoreError(.notFound, "There is no article with id \(id).")
        }
        var data = frame(title: article.title, viewer: viewer)
        data.merge([
            "title": article.title, "category": ConsoleFormat.or(article.category),
            "tags": ConsoleFormat.or(article.tags.joined(separator: ", ")), "version": article.version,
            "updated": ConsoleFormat.time(article.updatedAt), "source": article.source, "body": article.body,
        ]) { _, new in new }
        return renderer.page("kb-show", data)
    }

    /// Confirmation shown after an action redirects back to the ticket.
    static let notices: [String: String] = [
        "claim": "You claimed this ticket.", "release": "Ticket released to the queue.",
        "send": "Reply sent to the customer.", "relabel": "Labels updated.", "escalate": "Ticket escalated.",
        "close": "Ticket closed.", "hand-back": "Handed back to the AI.",
    ]
}
