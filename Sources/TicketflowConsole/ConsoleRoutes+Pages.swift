import Foundation
import Hummingbird
import TicketflowAuth
import TicketflowCore
import TicketflowEscalation
import TicketflowHTTP
import TicketflowKnowledge

/// The read pages: review queue, ticket, knowledge base.
extension ConsoleRoutes {
    func queuePage(_ request: Request, viewer: CallerIdentity) async throws -> Response {
        let parameters = request.formQuery
        let query = try QueueFilters.query(from: parameters, actorID: viewer.actor.id, queues: configuration.queues)
        let entries = try await desk.queue(query)
        let rows = entries.map { entry in
            let t = entry.ticket
            return ConsolePages.Queue.Entry(
                id: t.id, subject: t.subject, priority: entry.priority.rawValue, category: ConsoleFormat.or(t.category),
                urgency: t.urgency.map(String.init) ?? "—", route: ConsoleFormat.route(t.route),
                status: t.status.rawValue, assignee: ConsoleFormat.or(t.assignee, "—"),
                waiting: ConsoleFormat.duration(entry.waitingSeconds),
                due: ConsoleFormat.due(remaining: entry.remainingSeconds),
                breached: entry.breached)
        }
        let route = parameters["route"].map(String.init) ?? ""
        let category = parameters["category"].map(String.init) ?? ""
        let assignee = parameters["assignee"].map(String.init) ?? ""
        let queueName = parameters["queue"].map(String.init) ?? ""
        typealias Option = ConsolePages.Option
        let queue = ConsolePages.Queue(
            count: entries.count, entries: rows,
            routes: [Option(value: "", label: "All routes", selected: route.isEmpty)]
                + Route.allCases.map {
                    Option(value: $0.rawValue, label: ConsoleFormat.route($0), selected: $0.rawValue == route)
                },
            categories: [Option(value: "", label: "All categories", selected: category.isEmpty)]
                + TicketPageModel.options(categories + (category.isEmpty ? [] : [category]), selected: category),
            queues: configuration.queues.isEmpty
                ? []
                : [Option(value: "", label: "All queues", selected: queueName.isEmpty)]
                    + configuration.queues.keys.sorted().map { Option(value: $0, label: $0, selected: $0 == queueName) },
            assignees: [
                Option(value: "", label: "Anyone", selected: assignee.isEmpty),
                Option(value: "me", label: "Me", selected: assignee == "me"),
                Option(value: "unassigned", label: "Unassigned", selected: assignee == "unassigned"),
            ], hasQueues: !configuration.queues.isEmpty)
        return renderer.page("queue", frame(title: "Review queue", viewer: viewer), queue)
    }

    func ticketPage(_ request: Request, id: Int64, viewer: CallerIdentity) async throws -> Response {
        guard let detail = try await desk.store.ticketDetail(id: id) else {
            throw StoreError(.notFound, "There is no ticket \(id).")
        }
        var package: EscalationPackage?
        do {
            package = try await desk.package(for: id)
        } catch let refusal as Refusal where refusal.code == .notFound {
            package = nil  // resolved and never-escalated tickets have none
        }
        var model = TicketPageModel(
            detail: detail, entry: desk.sla.entry(for: detail.ticket, at: desk.now()), package: package,
            events: try await desk.events(ticketID: id), viewer: viewer.actor,
            categories: categories)
        model.macros = configuration.macros
        if let inbox, let customer = detail.ticket.customerID {
            model.history = try await inbox.inbox(InboxQuery(limit: 10, customerID: customer)).entries.map(\.ticket)
        }
        if request.formQuery["done"] != nil {
            // After an action the agent moves on: the first ticket in SLA order that is free or theirs.
            model.nextTicket = try await desk.queue(ReviewQueueQuery(limit: 50)).first {
                $0.ticket.id != id && ($0.ticket.assignee == nil || $0.ticket.assignee == viewer.actor.id)
            }?.ticket.id
        }
        if detail.messages.contains(where: { $0.author == .agent })
            || model.events.contains(where: { $0.kind == .note })
        {
            model.names = try await displayNames()
        }
        if detail.ticket.channel == .email, let archive = mailArchive {
            model.attachments = try await archive.mailAttachments(ticketID: id)
            model.originals = try await archive.mailOriginals(ticketID: id)
        }
        let frame = frame(
            title: "#\(id)", viewer: viewer,
            notice: request.formQuery["done"].flatMap { Self.notices[String($0)] })
        return renderer.page("ticket", frame, model.page())
    }

    /// Confirmation shown after an action redirects back to the ticket.
    static let notices: [String: String] = [
        "claim": "You claimed this ticket.", "release": "Ticket released to the queue.",
        "send": "Reply saved. Whether it was sent is shown under it in the conversation.",
        "retry": "The delivery is queued again.",
        "relabel": "Labels updated.", "escalate": "Ticket escalated.",
        "close": "Ticket closed.", "hand-back": "Handed back to the AI.",
        "note": "Note added. Only the team sees it.",
        "pending": "Waiting on the customer. The SLA clock has stopped; their reply brings the ticket back to you.",
        "hold": "On hold. The SLA clock has stopped until the customer writes again.",
        "tags": "Tags updated.",
        "merge": "Merged: the duplicate is closed, and its messages are copied here as an internal message.",
    ]
}
