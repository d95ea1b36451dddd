import Foundation
import Hummingbird
import TicketflowAuth
import TicketflowCore
import TicketflowEscalation
import TicketflowHTTP

extension ConsoleRoutes {
    struct MentionsPage {
        struct Mention {
            let time: String
            let ticketID: Int64
            let subject: String
            let author: String
            let text: String
        }
        let count: Int
        let mentions: [Mention]
    }

    /// What the navigation's badges count for one person: open tickets that are theirs or nobody's and need a
    /// person now, or whose SLA is at risk, and the notes that mentioned them in the last day.
    struct Notifications: Encodable {
        let humanNow: Int
        let slaAtRisk: Int
        let mentionsToday: Int

        enum CodingKeys: String, CodingKey {
            case humanNow = "human_now"
            case slaAtRisk = "sla_at_risk"
            case mentionsToday = "mentions_today"
        }
    }

    /// `GET /console/notifications`: the badges' counts, as JSON for the header's script.
    func notifications(viewer: CallerIdentity) async throws -> Response {
        let now = desk.now()
        let open = try await desk.queue(ReviewQueueQuery(limit: ReviewQueueQuery.maximumLimit)).filter {
            $0.ticket.assignee == nil || $0.ticket.assignee == viewer.actor.id
        }
        let mentions = try await desk.mentions(of: viewer.actor.id).filter {
            now.timeIntervalSince($0.createdAt) <= 86_400
        }
        let counts = Notifications(
            humanNow: open.filter { $0.ticket.route == .humanNow }.count,
            slaAtRisk: open.filter(desk.sla.isAtRisk).count, mentionsToday: mentions.count)
        return try JSONBody.response(counts, headers: [.cacheControl: "no-store"])
    }

    /// `/console/mentions`: the 50 newest notes that mention the viewer.
    func mentionsPage(viewer: CallerIdentity) async throws -> Response {
        let notes = try await desk.mentions(of: viewer.actor.id)
        var subjects: [Int64: String] = [:]
        for id in Set(notes.map(\.ticketID)) {
            subjects[id] = try await desk.store.ticketDetail(id: id)?.ticket.subject
        }
        let names = try await displayNames()
        let rows = notes.map { note in
            MentionsPage.Mention(
                time: ConsoleFormat.time(note.createdAt), ticketID: note.ticketID,
                subject: subjects[note.ticketID] ?? "",
                author: names[note.actor] ?? note.actor, text: note.details["note"] ?? "")
        }
        return renderer.page(
            "mentions", frame(title: "Mentions", viewer: viewer), MentionsPage(count: rows.count, mentions: rows))
    }
}
