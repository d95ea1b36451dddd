import TicketflowCore

/// Something an agent asks to do to a ticket, validated before any write.
public enum AgentAction: Sendable, Equatable {
    /// Take the ticket so no one else answers it.
    case claim
    /// Give a claimed ticket back to the queue.
    case release
    /// Admin: give the ticket to this user (email).
    case assign(to: String)
    /// Send the AI draft unchanged.
    case sendDraft
    /// Send this text (an edited draft or a reply of one's own).
    case editAndSend(body: String)
    /// Change category and/or urgency.
    case relabel(category: String?, urgency: Int?)
    /// Hand to a person higher up (optionally named), with a note.
    case escalate(note: String?, to: String?)
    /// Close the ticket, adding these tags.
    case close(tags: [String])
    /// Let the AI pipeline continue the conversation.
    case handBack
    /// Write an internal note for the team, mentioning these teammates (emails; the desk finds them from the
    /// `@names` in the text). Never a message: it cannot reach the customer.
    case note(text: String, mentions: [String] = [])
    /// Park the ticket while waiting on the customer; their next message brings it back to this person.
    case pending(note: String?)
    /// Park the ticket while waiting on someone else (a carrier, another team).
    case hold(note: String?)
    /// Add and remove tags; works on any ticket, closed ones included, like a note.
    case tag(add: [String], remove: [String])
    /// Close this ticket as a duplicate of `into`, whose conversation gets a copy of its messages; the
    /// customer's later messages to it go there. See `AgentDesk.merge`.
    case merge(into: Int64)

    /// The audit kind this action records.
    public var kind: AgentActionKind {
        switch self {
        case .claim: .claim
        case .release: .release
        case .assign: .assign
        case .sendDraft: .sendDraft
        case .editAndSend: .editAndSend
        case .relabel: .relabel
        case .escalate: .escalate
        case .close: .close
        case .handBack: .handBack
        case .note: .note
        case .pending: .pending
        case .hold: .hold
        case .tag: .tag
        case .merge: .merge
        }
    }

    /// Who may perform it: assignment is an admin's call, everything else an agent's.
    public var requiredRole: AgentRole {
        if case .assign = self { return .admin }
        return .agent
    }
}

/// The person acting, as the desk records them.
public struct AgentActor: Sendable, Equatable {
    /// Email (users) or `token:<name>` (API tokens): what the audit log shows.
    public var id: String
    /// Display name.
    public var name: String
    /// The caller's role.
    public var role: AgentRole

    /// Creates an actor.
    public init(id: String, name: String, role: AgentRole) {
        self.id = id
        self.name = name
        self.role = role
    }
}
