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

    /// `/console/mentions`: the 50 newest notes that mention the viewer.
    func mentionsPage(viewer: CallerIdentity) async throws -> Response {
        let notes = try await desk.mentions(of: viewer.actor.id)
        var subjects: [Int64: String] = [:]
        for id in Set(notes.map(\.ticketID)) {
            subjects[id] = try await desk.store.ticketDetail(id: id)?.ticket.subject
        }
        let names = Dictionary(
            try await accounts.store.users().map { ($0.email, $0.name) }, uniquingKeysWith: { first, _ in first })
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
