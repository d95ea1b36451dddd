import Foundation
import TicketflowCore

/// Merging duplicates: the customer wrote twice about one thing, so one ticket is closed into the other.
extension AgentDesk {
    /// Longest transcript copied into the surviving ticket; the rest stays readable on the duplicate.
    static let maximumMergedTranscript = 20_000

    /// Closes ticket `duplicateID` as a duplicate of `targetID` and copies its conversation into the target
    /// as an internal (system) message, which is never sent to the customer. Returns the target.
    ///
    /// The duplicate is closed first, by the conditional agent write, so two agents merging it at once
    /// cannot both succeed. The copy follows; should it fail, the duplicate still holds every message and
    /// points at the target, and the error says so.
    public func merge(_ duplicateID: Int64, into targetID: Int64, by actor: AgentActor) async throws -> TicketDetail {
        guard let target = try await store.ticketDetail(id: targetID) else {
            throw ValidationError(field: "into", "no ticket \(targetID)")
        }
        if let next = target.ticket.continuedIn {
            throw Refusal(.conflict, "ticket \(targetID) was merged into ticket \(next); merge into that one")
        }
        guard target.ticket.status != .closed else {
            throw Refusal(.conflict, "ticket \(targetID) is closed; merge into an open ticket")
        }
        let duplicate = try await perform(.merge(into: targetID), on: duplicateID, by: actor)
        let note = NewMessage(
            author: .system, body: Self.transcript(of: duplicate, mergedBy: actor), createdAt: now())
        var lastError: (any Error)?
        // The target may change while we write (a reply, an answer job): re-read and try again.
        for _ in 0..<3 {
            guard let current = try await store.ticketDetail(id: targetID) else { break }
            var ticket = current.ticket
            ticket.updatedAt = now()
            do {
                return try await store.appendToTicket(
                    TicketUpdate(
                        ticket: ticket, messages: [note], draft: current.draft, trace: [],
                        expectedUpdatedAt: current.ticket.updatedAt))
            } catch let error as StoreError where error.code == .conflict {
                lastError = error
            }
        }
        throw Refusal(
            .conflict,
            "ticket \(duplicateID) is closed as a duplicate of ticket \(targetID), but its messages could not be "
                + "copied there (\(lastError.map { "\($0)" } ?? "ticket \(targetID) is gone")); they are still on ticket \(duplicateID)"
        )
    }

    /// The duplicate's conversation as one internal message: who wrote what, when, oldest first.
    static func transcript(of duplicate: TicketDetail, mergedBy actor: AgentActor) -> String {
        let formatter = ISO8601DateFormatter()
        var text = "Merged from ticket #\(duplicate.ticket.id) (\(duplicate.ticket.subject)) by \(actor.name).\n"
        for message in duplicate.messages {
            let entry =
                "\n[\(message.author.rawValue), \(formatter.string(from: message.createdAt))]\n\(message.body)\n"
            guard text.count + entry.count <= maximumMergedTranscript else {
                text += "\n… the rest is on ticket #\(duplicate.ticket.id).\n"
                break
            }
            text += entry
        }
        return text
    }
}
