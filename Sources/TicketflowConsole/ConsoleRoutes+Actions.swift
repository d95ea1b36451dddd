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
            if form["confirm"] != "different-customers",
                let question = try await mergeQuestion(id, into: target, viewer: viewer)
            {
                return question
            }
            let merged = try await desk.merge(id, into: target, by: viewer.actor)
            return ConsoleRenderer.redirect("/console/tickets/\(merged.ticket.id)?done=merge")
        default: throw StoreError(.notFound, "The console has no action '\(name)'.")
        }
        _ = try await desk.perform(action, on: id, by: viewer.actor)
        return ConsoleRenderer.redirect("/console/tickets/\(id)?done=\(name)")
    }

    /// The page that asks before merging tickets of two customer records, or nil when
    /// they share one (or either is missing, which the merge itself reports). After such
    /// a merge every reply goes to the surviving ticket's customer only.
    func mergeQuestion(_ id: Int64, into target: Int64, viewer: CallerIdentity) async throws -> Response? {
        guard let duplicate = try await desk.store.ticketDetail(id: id)?.customer,
            let kept = try await desk.store.ticketDetail(id: target)?.customer, duplicate.id != kept.id
        else { return nil }
        let page = MergeQuestion(
            duplicateID: id, targetID: target, duplicateCustomer: MergeQuestion.name(duplicate),
            targetCustomer: MergeQuestion.name(kept))
        return renderer.page("merge-question", frame(title: "Merge tickets of two customers?", viewer: viewer), page)
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

/// What the merge question shows.
struct MergeQuestion {
    let duplicateID: Int64
    let targetID: Int64
    let duplicateCustomer: String
    let targetCustomer: String

    /// The customer as agents know them: email, else name, else the record number.
    static func name(_ customer: Customer) -> String {
        customer.email ?? customer.name ?? "customer #\(customer.id)"
    }
}
