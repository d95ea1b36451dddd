import TicketflowCore
import TicketflowEscalation

/// A caller that proved who it is: a console session (cookie) or a bearer
/// token (a stored API token or the configured intake token).
public struct CallerIdentity: Sendable, Equatable {
    /// How the caller authenticated.
    public enum Credential: Sendable, Equatable {
        /// A console session cookie; unsafe requests must echo the CSRF token.
        case session(csrfToken: String, cookieToken: String)
        /// A bearer token; no ambient credential, so no CSRF check is needed.
        case bearer
    }

    /// The actor recorded on every action.
    public var actor: AgentActor
    /// How the caller authenticated.
    public var credential: Credential
    /// For intake (`api`) callers: the one channel whose tickets they may open and continue.
    public var channel: Channel?

    /// Creates an identity.
    public init(actor: AgentActor, credential: Credential, channel: Channel? = nil) {
        self.actor = actor
        self.credential = credential
        self.channel = channel
    }

    /// The caller's role.
    public var role: AgentRole { actor.role }

    /// The session's CSRF token, nil for bearer callers.
    public var csrfToken: String? {
        if case .session(let token, _) = credential { return token }
        return nil
    }
}
