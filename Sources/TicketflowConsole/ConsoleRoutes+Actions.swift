import Foundation
import Hummingbird
import TicketflowCore
import TicketflowEscalation
import TicketflowHTTP

/// The ticket page's forms: each becomes an `AgentAction` performed by the
/// desk, then a redirect back to the ticket with a confirmation.
extension ConsoleRoutes {
    func ticketAction(_ name: String, id: Int64, form: FormBody, viewer: CallerIdentity) async throws -> Response {
        let action: AgentAction
        switch name {
        case "claim": action = .claim
        case "release": action = .release
        case "send": action = try await sendAction(id: id, text: form["body"] ?? "")
        case "relabel":
            let urgency = try form["urgency"].flatMap { raw -> Int? in
                guard !raw.isEmpty else { return nil }
                guard let value = Int(raw) else {
                    throw ValidationError(field: "urgency", "must be a number from 1 to 5")
                }
                return value
            }
            action = .relabel(category: form["category"].flatMap { $0.isEmpty ? nil : $0 }, urgency: urgency)
        case "escalate": action = .escalate(note: form["note"], to: form["assignee"].flatMap { $0.isEmpty ? nil : $0 })
        case "close":
            action = .close(tags: Self.list(form["tags"]))
        case "hand-back": action = .handBack
        case "note": action = .note(text: form["note"] ?? "")
        case "pending": action = .pending(note: form["note"])
        case "hold": action = .hold(note: form["note"])
        case "tags": action = .tag(add: Self.list(form["add"]), remove: Self.list(form["remove"]))
        case "merge":
            guard let target = form["into"].flatMap({ Int64($0.trimmingCharacters(in: .whitespaces)) }), target > 0
            else {
                throw ValidationError(field: "into", "must be a ticket number")
            }
            let merged = try await desk.merge(id, into: target, by: viewer.actor)
            return ConsoleRenderer.redirect("/console/tickets/\(merged.ticket.id)?done=merge")
        default: throw StoreError(.notFound, "The console has no action '\(name)'.")
        }
        _ = try await desk.perform(action, on: id, by: viewer.actor)
        return ConsoleRenderer.redirect("/console/tickets/\(id)?done=\(name)")
    }

    /// A comma-separated form field as its items.
    static func list(_ text: String?) -> [String] {
        (text ?? "").split(separator: ",").map(String.init)
    }

    /// One form sends both: the draft unchanged is "send draft", anything
    /// else is "edit and send". Browsers send textarea line breaks as CRLF.
    func sendAction(id: Int64, text: String) async throws -> AgentAction {
        let body = text.replacingOccurrences(of: "\r\n", with: "\n")
        let draft = try await desk.store.ticketDetail(id: id)?.draft?.body
        if let draft, !draft.isEmpty,
            draft.trimmingCharacters(in: .whitespacesAndNewlines)
                == body.trimmingCharacters(in: .whitespacesAndNewlines)
        {
            return .sendDraft
        }
        return .editAndSend(body: body)
    }
}
