import Foundation
import Hummingbird
import TicketflowCore
import TicketflowEscalation
import TicketflowHTTP

/// `/console/inbox`: every ticket, in saved views, searched and filtered; newest first.
struct InboxPageModel {
    /// The saved views, as tabs. Each one is a fixed filter the other filters narrow further.
    enum View: String, CaseIterable {
        case all, mine, unassigned, review, escalated, sla, waiting
        case autoResolved = "auto_resolved"
        case closed

        var label: String {
            switch self {
            case .all: "All"
            case .mine: "Mine"
            case .unassigned: "Unassigned"
            case .review: "Needs review"
            case .escalated: "Escalated"
            case .sla: "SLA at risk"
            case .waiting: "Pending and on hold"
            case .autoResolved: "Auto-resolved"
            case .closed: "Closed"
            }
        }

        /// Open, for the views that mean "waiting for us".
        static let open: [TicketStatus] = [.awaitingReview, .escalated]

        func apply(to query: inout InboxQuery, viewer: String) {
            switch self {
            case .all: break
            case .mine: query.assignee = .user(viewer)
            case .unassigned: query.assignee = .unassigned; query.statuses = Self.open
            case .review: query.statuses = [.awaitingReview]
            case .escalated: query.statuses = [.escalated]
            case .sla: query.statuses = Self.open
            case .waiting: query.statuses = [.pending, .onHold]
            case .autoResolved: query.statuses = [.autoResolved]
            case .closed: query.statuses = [.resolved, .closed]
            }
        }
    }

    struct Tab {
        let label: String
        let href: String
        let selected: Bool
    }

    struct Row {
        let id: Int64
        let subject: String
        let customer: String
        let channel: String
        let preview: String
        let category: String
        let route: String
        let status: String
        let assignee: String
        let tags: [String]
        /// Since the customer's last message; blank when the last word is ours.
        let waiting: String
        /// The SLA clock of an open ticket; blank for others.
        let due: String
        let breached: Bool
    }

    let view: String
    let tabs: [Tab]
    let text: String
    let rows: [Row]
    let count: Int
    let statuses: [ConsolePages.Option]
    let routes: [ConsolePages.Option]
    let categories: [ConsolePages.Option]
    let channels: [ConsolePages.Option]
    let assignees: [ConsolePages.Option]
    let tag: String
    let from: String
    let to: String
    /// The page listens to `/console/inbox/events` and re-reads the list when tickets change.
    let live: Bool
    /// The link to the next (older) page; nil on the last one.
    let next: String?

    /// The query the page's parameters ask for; bad values are a 400 with the parameter's name.
    static func query(_ parameters: Parameters, viewer: String) throws -> (View, InboxQuery) {
        func value(_ name: String) -> String? {
            parameters[Substring(name)].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        }
        func choice<E: RawRepresentable & CaseIterable>(_ name: String, _ type: E.Type) throws -> E?
        where E.RawValue == String {
            guard let raw = value(name) else { return nil }
            guard let parsed = E(rawValue: raw) else {
                let names = E.allCases.map(\.rawValue).joined(separator: ", ")
                throw Problem.badRequest("invalid-parameter", "\(name) must be one of \(names)")
            }
            return parsed
        }
        func day(_ name: String) throws -> Date? {
            guard let raw = value(name) else { return nil }
            guard let date = DateParsing.day(raw) else {
                throw Problem.badRequest("invalid-parameter", "\(name) must be a date as YYYY-MM-DD, got '\(raw)'")
            }
            return date
        }
        let view = try choice("view", View.self) ?? .all
        var query = InboxQuery(text: value("q"))
        view.apply(to: &query, viewer: viewer)
        if let status = try choice("status", TicketStatus.self) {
            query.statuses = query.statuses.map { $0.filter { $0 == status } } ?? [status]
        }
        query.route = try choice("route", Route.self)
        query.category = value("category")
        query.channel = try choice("channel", Channel.self)
        if let tag = value("tag")?.trimmingCharacters(in: .whitespaces).lowercased(), !tag.isEmpty {
            guard tag.count <= 64 else {
                throw Problem.badRequest("invalid-parameter", "tag must be 1 to 64 characters")
            }
            query.tag = tag
        }
        switch value("assignee") {
        case nil: break
        case "me": query.assignee = .user(viewer)
        case "unassigned": query.assignee = .unassigned
        case let other?:
            throw Problem.badRequest("invalid-parameter", "assignee must be me or unassigned, got '\(other)'")
        }
        query.createdFrom = try day("from")
        // "to" is a whole day: tickets opened on it are in.
        query.createdBefore = try day("to").map { $0.addingTimeInterval(86400) }
        if let raw = value("before") {
            guard let before = Int64(raw), before > 0 else {
                throw Problem.badRequest("invalid-parameter", "before must be a ticket id")
            }
            query.before = before
        }
        // The SLA view keeps only tickets at risk, so it reads a full page of open ones to filter.
        query.limit = view == .sla ? InboxQuery.maximumLimit : InboxQuery.defaultLimit
        return (view, query)
    }

    /// The row of an entry at `now`; nil when the SLA view leaves it out.
    static func row(_ entry: InboxEntry, sla: SLAPolicy, view: View, now: Date) -> Row? {
        let t = entry.ticket
        let open = View.open.contains(t.status)
        let clock = open ? sla.entry(for: t, at: now) : nil
        if view == .sla {
            guard let clock, sla.isAtRisk(clock) else { return nil }
        }
        let customer = entry.customerName ?? entry.customerEmail ?? "—"
        let waitingOnUs = open || t.status == .triaged
        return Row(
            id: t.id, subject: t.subject.isEmpty ? "(no subject)" : t.subject, customer: customer,
            channel: t.channel.rawValue, preview: entry.preview ?? "", category: ConsoleFormat.or(t.category),
            route: ConsoleFormat.route(t.route), status: t.status.rawValue, assignee: ConsoleFormat.or(t.assignee),
            tags: t.tags,
            waiting: waitingOnUs
                ? entry.lastCustomerMessageAt.map { ConsoleFormat.duration(now.timeIntervalSince($0)) } ?? "" : "",
            due: clock.map { ConsoleFormat.due(remaining: $0.remainingSeconds) } ?? "",
            breached: clock?.breached ?? false)
    }
}

/// `YYYY-MM-DD` as the start of that day in UTC, the console's time zone.
enum DateParsing {
    static func day(_ text: String) -> Date? {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, text.count == 10 else { return nil }
        var components = DateComponents()
        (components.year, components.month, components.day) = (parts[0], parts[1], parts[2])
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let date = calendar.date(from: components),
            calendar.dateComponents([.year, .month, .day], from: date) == components
        else { return nil }
        return date
    }
}
