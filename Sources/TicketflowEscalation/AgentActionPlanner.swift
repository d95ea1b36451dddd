import Foundation
import TicketflowCore

/// Turns an agent action on a ticket into the store write that performs it:
/// the ticket's next state, the reply, the audit event and the feedback
/// records. Pure, so the rules of every action are tested without a store.
public struct AgentActionPlanner: Sendable {
    /// Longest reply, in characters.
    public static let maximumBody = 20_000
    /// Longest category name.
    public static let maximumCategory = 64

    /// Creates a planner.
    public init() {}

    /// The change for `action` by `actor` on `detail` at `now`; throws
    /// `ValidationError` for bad input and `StoreError.conflict` when the
    /// ticket's state does not allow the action.
    public func plan(
        _ action: AgentAction, on detail: TicketDetail, by actor: AgentActor, at now: Date
    ) throws -> AgentChange {
        var ticket = detail.ticket
        let id = ticket.id
        if ticket.status == .closed, ![.claim, .release, .note, .tag].contains(action.kind) {
            throw Refusal(.conflict, "ticket \(id) is closed")
        }
        ticket.updatedAt = now
        var draft = detail.draft
        var messages: [NewMessage] = []
        var feedback: [FeedbackRecord] = []
        var details: [String: String] = [:]
        var override = false

        switch action {
        case .claim:
            ticket.assignee = actor.id
        case .release:
            ticket.assignee = nil
        case .assign(let to):
            let to = to.trimmingCharacters(in: .whitespaces).lowercased()
            guard !to.isEmpty else { throw ValidationError(field: "assignee", "must not be empty") }
            ticket.assignee = to
            details["assignee"] = to
            override = true
        case .sendDraft:
            guard let pending = detail.draft, !pending.body.isEmpty else {
                throw Refusal(.conflict, "ticket \(id) has no draft to send")
            }
            messages.append(
                NewMessage(author: .agent, body: pending.body, createdAt: now, citations: pending.citations))
            feedback.append(
                FeedbackRecord(
                    ticketID: id, kind: .approve, originalDraft: pending.body, finalText: pending.body,
                    oldCategory: ticket.category, newCategory: ticket.category, oldUrgency: ticket.urgency,
                    newUrgency: ticket.urgency, agent: actor.id, createdAt: now))
            Self.markAnswered(&ticket, by: actor, at: now)
            draft = nil
        case .editAndSend(let raw):
            let body = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !body.isEmpty else { throw ValidationError(field: "body", "must not be empty") }
            guard body.count <= Self.maximumBody else {
                throw ValidationError(field: "body", "must be at most \(Self.maximumBody) characters")
            }
            let original = detail.draft.flatMap { $0.body.isEmpty ? nil : $0 }
            messages.append(
                NewMessage(author: .agent, body: body, createdAt: now, citations: original?.citations ?? []))
            if let original {
                // The console shows the draft without its source markers: sent as shown, it is unchanged.
                let same =
                    SourceMarker.removing(from: original.body).trimmingCharacters(in: .whitespacesAndNewlines)
                    == SourceMarker.removing(from: body).trimmingCharacters(in: .whitespacesAndNewlines)
                feedback.append(
                    FeedbackRecord(
                        ticketID: id, kind: same ? .approve : .edit, originalDraft: original.body, finalText: body,
                        oldCategory: ticket.category, newCategory: ticket.category, oldUrgency: ticket.urgency,
                        newUrgency: ticket.urgency, agent: actor.id, createdAt: now))
                details["edited"] = same ? "false" : "true"
            }
            Self.markAnswered(&ticket, by: actor, at: now)
            draft = nil
        case .relabel(let category, let urgency):
            feedback.append(
                try relabel(&ticket, category: category, urgency: urgency, actor: actor, at: now, details: &details))
        case .escalate(let note, let to):
            details["from_status"] = ticket.status.rawValue
            details["from_route"] = ticket.route?.rawValue ?? "none"
            try Self.keep(note: note, in: &details)
            let target = to?.trimmingCharacters(in: .whitespaces).lowercased()
            ticket.assignee = (target?.isEmpty ?? true) ? nil : target
            if let assignee = ticket.assignee { details["assignee"] = assignee }
            ticket.status = .escalated
            ticket.route = .humanNow
        case .close(let tags):
            let cleaned = try Self.cleanTags(tags, field: "tags")
            for tag in cleaned where !ticket.tags.contains(tag) { ticket.tags.append(tag) }
            guard ticket.tags.count <= IntakeRequest.maximumTags else {
                throw ValidationError(field: "tags", "at most \(IntakeRequest.maximumTags) tags")
            }
            details["tags"] = cleaned.joined(separator: ",")
            ticket.status = .closed
            if ticket.resolvedAt == nil { ticket.resolvedAt = now }
            draft = nil
        case .handBack:
            // The next customer message runs the full pipeline over the whole
            // conversation (agent replies included), so the AI keeps the context.
            ticket.assignee = nil
            ticket.status = .triaged
            draft = nil
        case .pending(let note), .hold(let note):
            guard ![.new, .autoResolved].contains(ticket.status) else {
                throw Refusal(.conflict, "ticket \(id) is \(ticket.status.rawValue): nothing to wait for")
            }
            try Self.keep(note: note, in: &details)
            details["from_status"] = ticket.status.rawValue
            ticket.status = action.kind == .pending ? .pending : .onHold
            // The person who parks it answers when it comes back.
            ticket.assignee = ticket.assignee ?? actor.id
        case .tag(let add, let remove):
            let added = try Self.cleanTags(add, field: "add")
            let removed = try Self.cleanTags(remove, field: "remove")
            guard !added.isEmpty || !removed.isEmpty else {
                throw ValidationError(field: "add", "give a tag to add or remove")
            }
            for tag in added where !ticket.tags.contains(tag) { ticket.tags.append(tag) }
            ticket.tags.removeAll { removed.contains($0) && !added.contains($0) }
            guard ticket.tags.count <= IntakeRequest.maximumTags else {
                throw ValidationError(field: "add", "at most \(IntakeRequest.maximumTags) tags")
            }
            if !added.isEmpty { details["added"] = added.joined(separator: ",") }
            if !removed.isEmpty { details["removed"] = removed.joined(separator: ",") }
            // Anyone may tag any ticket (triage, reporting); the new stamp makes a holder's stale write a conflict.
            override = true
        case .merge(let target):
            guard target != id else { throw ValidationError(field: "into", "a ticket cannot be merged into itself") }
            guard ticket.continuedIn == nil else {
                throw Refusal(.conflict, "ticket \(id) already continues in ticket \(ticket.continuedIn!)")
            }
            details["into"] = String(target)
            details["from_status"] = ticket.status.rawValue
            ticket.continuedIn = target
            ticket.status = .closed
            if ticket.resolvedAt == nil { ticket.resolvedAt = now }
            if !ticket.tags.contains("duplicate"), ticket.tags.count < IntakeRequest.maximumTags {
                ticket.tags.append("duplicate")
            }
            draft = nil
        case .note(let raw, let mentions):
            let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            guard (1...2000).contains(text.count) else {
                throw ValidationError(field: "note", "must be 1 to 2000 characters")
            }
            details["note"] = text
            if !mentions.isEmpty { details["mentions"] = mentions.joined(separator: ",") }
            // Anyone on the team may add a note to anyone's ticket, and a note changes nothing a
            // concurrent reply or answer job relies on: the ticket's stamp stays.
            override = true
            ticket.updatedAt = detail.ticket.updatedAt
        }
        return AgentChange(
            ticket: ticket, actor: actor.id, overrideAssignee: override, expectedUpdatedAt: detail.ticket.updatedAt,
            messages: messages, draft: draft,
            event: TicketEvent(
                id: 0, ticketID: id, kind: action.kind, actor: actor.id, details: details, createdAt: now),
            feedback: feedback)
    }

    /// An action's optional note (an escalation's, a parked ticket's) in its audit details: trimmed, at most
    /// 2,000 characters, left out when empty.
    static func keep(note: String?, in details: inout [String: String]) throws {
        guard let note = note?.trimmingCharacters(in: .whitespacesAndNewlines), !note.isEmpty else { return }
        guard note.count <= 2000 else { throw ValidationError(field: "note", "must be at most 2000 characters") }
        details["note"] = note
    }

    /// Tags as stored: trimmed, lower-cased, 1 to 64 characters without control characters, each once.
    static func cleanTags(_ tags: [String], field: String) throws -> [String] {
        var cleaned: [String] = []
        for tag in tags.map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) where !tag.isEmpty {
            guard tag.count <= 64 else { throw ValidationError(field: field, "each tag must be 1 to 64 characters") }
            guard !tag.containsControlCharacters else {
                throw ValidationError(field: field, "a tag must not contain control characters")
            }
            if !cleaned.contains(tag) { cleaned.append(tag) }
        }
        return cleaned
    }

    private func relabel(
        _ ticket: inout Ticket, category: String?, urgency: Int?, actor: AgentActor, at now: Date,
        details: inout [String: String]
    ) throws -> FeedbackRecord {
        let newCategory = category?.trimmingCharacters(in: .whitespaces).lowercased()
        guard newCategory != nil || urgency != nil else {
            throw ValidationError(field: "category", "give a category, an urgency or both")
        }
        if let newCategory, newCategory.isEmpty || newCategory.count > Self.maximumCategory {
            throw ValidationError(field: "category", "must be 1 to \(Self.maximumCategory) characters")
        }
        if let urgency, !(1...5).contains(urgency) { throw ValidationError(field: "urgency", "must be from 1 to 5") }
        let record = FeedbackRecord(
            ticketID: ticket.id, kind: .relabel, oldCategory: ticket.category,
            newCategory: newCategory ?? ticket.category,
            oldUrgency: ticket.urgency, newUrgency: urgency ?? ticket.urgency, agent: actor.id, createdAt: now)
        if let newCategory {
            details["category"] = newCategory
            ticket.category = newCategory
            ticket.categoryConfidence = 1  // a person's label is certain
        }
        if let urgency {
            details["urgency"] = String(urgency)
            ticket.urgency = urgency
        }
        return record
    }

    /// A sent reply resolves the ticket until the customer writes again, and
    /// the sender holds it so a colleague cannot answer it a second time.
    static func markAnswered(_ ticket: inout Ticket, by actor: AgentActor, at now: Date) {
        ticket.status = .resolved
        ticket.assignee = actor.id
        if ticket.firstResponseAt == nil { ticket.firstResponseAt = now }
        ticket.resolvedAt = now
    }
}
