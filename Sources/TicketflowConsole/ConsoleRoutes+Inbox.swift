import Foundation
import Hummingbird
import TicketflowAuth
import TicketflowCore
import TicketflowEscalation
import TicketflowHTTP

extension ConsoleRoutes {
    /// `GET /console/inbox/events`: an `event: changed` (with the feed position) each time tickets changed,
    /// and a comment every 20 s so proxies keep the stream open.
    static func inboxEvents(_ updates: InboxUpdates) async -> Response {
        let (id, changes) = await updates.subscribe()
        return ServerSentEvents.response(
            first: ": listening\n\n", events: changes, buffering: 16,
            format: { "event: changed\ndata: \($0)\n\n" }, onEnd: { Task { await updates.unsubscribe(id) } })
    }

    func inboxPage(
        _ request: Request, store: any InboxStore, viewer: CallerIdentity, live: Bool
    ) async throws -> Response {
        let parameters = request.formQuery
        let (view, query) = try InboxPageModel.query(parameters, viewer: viewer.actor.id)
        let page = try await store.inbox(query)
        let now = desk.now()
        let rows = page.entries.compactMap { InboxPageModel.row($0, sla: desk.sla, view: view, now: now) }
        func current(_ name: String) -> String { parameters[Substring(name)].map(String.init) ?? "" }
        func options(_ all: [(String, String)], _ name: String, anyLabel: String) -> [ConsolePages.Option] {
            let selected = current(name)
            return [ConsolePages.Option(value: "", label: anyLabel, selected: selected.isEmpty)]
                + all.map { ConsolePages.Option(value: $0.0, label: $0.1, selected: $0.0 == selected) }
        }
        // Every filter but the view and the page, so a tab or the next page keeps them.
        let kept = ["q", "status", "route", "category", "channel", "tag", "assignee", "from", "to"].compactMap {
            name in
            let value = current(name)
            return value.isEmpty ? nil : URLQueryItem(name: name, value: value)
        }
        func link(view: InboxPageModel.View, before: Int64? = nil) -> String {
            let items =
                [URLQueryItem(name: "view", value: view.rawValue)] + kept
                + (before.map { [URLQueryItem(name: "before", value: String($0))] } ?? [])
            return "/console/inbox?" + FormBody.queryString(items)
        }
        let category = current("category")
        let model = InboxPageModel(
            view: view.rawValue,
            tabs: InboxPageModel.View.allCases.map {
                .init(label: $0.label, href: link(view: $0), selected: $0 == view)
            },
            text: query.text ?? "", rows: rows, count: rows.count,
            statuses: options(
                TicketStatus.allCases.map { ($0.rawValue, $0.rawValue) }, "status", anyLabel: "Any status"),
            routes: options(
                Route.allCases.map { ($0.rawValue, ConsoleFormat.route($0)) }, "route", anyLabel: "Any route"),
            categories: options(
                (categories + (category.isEmpty || categories.contains(category) ? [] : [category])).map { ($0, $0) },
                "category", anyLabel: "Any category"),
            channels: options(Channel.allCases.map { ($0.rawValue, $0.rawValue) }, "channel", anyLabel: "Any channel"),
            assignees: options([("me", "Me"), ("unassigned", "Unassigned")], "assignee", anyLabel: "Anyone"),
            tag: current("tag"), from: current("from"), to: current("to"), live: live,
            next: page.nextBefore.map { link(view: view, before: $0) })
        return renderer.page("inbox", frame(title: "Inbox", viewer: viewer), model)
    }
}
