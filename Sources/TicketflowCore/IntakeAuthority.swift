/// What a caller may write through intake. Agents and admins (and the CLI)
/// write anything; intake credentials and anonymous callers write customer
/// messages only, and an intake credential only on its own channel, so a
/// leaked web-form token cannot speak as an agent or join email threads.
public enum IntakeAuthority: Sendable, Equatable {
    /// A person (agent or admin) or the operator's CLI: any author, any channel.
    case staff
    /// Customer messages only; on `channel`'s tickets only when it is set.
    case customer(channel: Channel?)

    /// The channel a new ticket gets: the requested one, which must be the
    /// credential's own when it has one.
    func channel(for requested: Channel?) throws -> Channel {
        guard case .customer(let scope?) = self else { return requested ?? .api }
        if let requested, requested != scope {
            throw AccessError(
                "this credential opens tickets on the \(scope.rawValue) channel only, not \(requested.rawValue)")
        }
        return scope
    }

    /// Checks a message by `author` may be added to a ticket on `channel`.
    public func check(author: MessageAuthor, ticketChannel: Channel, ticketID: Int64) throws {
        guard case .customer(let scope) = self else { return }
        guard author == .customer else {
            throw AccessError("only agents and admins may write \(author.rawValue) messages")
        }
        if let scope, scope != ticketChannel {
            throw AccessError(
                "this credential continues \(scope.rawValue)-channel tickets only; ticket \(ticketID) is not one")
        }
    }
}

/// A request the caller's credential does not allow (403 at the HTTP edge).
public struct AccessError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was refused and why, safe to show the caller.
    public var message: String

    /// Creates the error.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
