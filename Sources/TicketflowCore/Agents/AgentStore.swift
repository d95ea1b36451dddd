import Foundation

/// The storage port of the agent console: users, sessions and API tokens,
/// the review queue, conditional agent writes (claims and actions), the audit
/// log, feedback records and escalation packages. SQLite and PostgreSQL both
/// implement it with the same semantics (see the conformance suite).
public protocol AgentStore: Sendable {
    /// Stores a new user; a taken email is a `conflict`.
    func createUser(
        email: EmailAddress, name: String, role: AgentRole, passwordHash: String, at now: Date
    ) async throws -> AgentUser

    /// The user with this email, or nil.
    func user(email: EmailAddress) async throws -> AgentUser?

    /// Every user, by id.
    func users() async throws -> [AgentUser]

    /// Removes the user with this email and ends their
    /// sessions; returns the removed user, or nil when there was none. Never
    /// removes the last admin (`conflict`): checked and done in one
    /// transaction, so two admins removing each other cannot both succeed.
    func deleteUser(email: EmailAddress) async throws -> AgentUser?

    /// Gives the user with this email another role; returns the user as changed, or nil when there is
    /// none. Never leaves the team without an admin (`conflict`), checked in the same transaction.
    func setRole(email: EmailAddress, role: AgentRole) async throws -> AgentUser?

    /// Deactivates (ending their sessions) or reactivates the user with this email; returns the user as
    /// changed, or nil when there is none. Never deactivates the last active admin (`conflict`).
    func setActive(email: EmailAddress, _ active: Bool, at now: Date) async throws -> AgentUser?

    /// Records that the user used the console at `now`, unless that was already recorded less than
    /// `AgentPresence.recordingInterval` before: one small write a minute per person at most.
    func recordSeen(userID: Int64, at now: Date) async throws

    /// Replaces a user's password hash and ends all their sessions (a reset
    /// signs out whoever knew the old password); false when there is no such user.
    func setPasswordHash(email: EmailAddress, passwordHash: String) async throws -> Bool

    /// Stores a session.
    func createSession(_ session: AgentSession) async throws

    /// The unexpired session with this token hash and its user, or nil (also when the user is deactivated).
    func session(tokenHash: String, at now: Date) async throws -> (AgentSession, AgentUser)?

    /// Ends a session (sign-out); unknown hashes are ignored.
    func deleteSession(tokenHash: String) async throws

    /// Stores an API token (hash only); `channel` scopes an intake token.
    func createAPIToken(
        name: String, role: AgentRole, channel: Channel?, tokenHash: String, at now: Date
    ) async throws -> APIToken

    /// The API token with this hash, or nil.
    func apiToken(tokenHash: String) async throws -> APIToken?

    /// Every API token, by id.
    func apiTokens() async throws -> [APIToken]

    /// Revokes an API token: requests with it are refused from then on. False when there was none.
    func deleteAPIToken(id: Int64) async throws -> Bool

    /// Open tickets (awaiting review or escalated) matching the filters, oldest first.
    func reviewQueue(_ query: ReviewQueueQuery) async throws -> [Ticket]

    /// Writes an agent action atomically, only while the ticket is unassigned
    /// or held by `change.actor` (or always, with `overrideAssignee`) and,
    /// when given, unchanged since `expectedUpdatedAt`; otherwise throws
    /// `conflict` and writes nothing. Returns the ticket after the write.
    func applyAgentChange(_ change: AgentChange) async throws -> TicketDetail

    /// The audit log of one ticket, oldest first.
    func ticketEvents(ticketID: Int64) async throws -> [TicketEvent]

    /// The newest `limit` notes whose stored details JSON contains `text` as a plain substring (no
    /// wildcards), newest first, on any ticket: candidates, which `notes(mentioning:limit:)` narrows to
    /// exact mentions.
    func notes(containing text: String, limit: Int) async throws -> [TicketEvent]

    /// Feedback records created at or after `since`, oldest first, for training-data export.
    func feedbackRecords(since: Date, limit: Int) async throws -> [FeedbackRecord]

    /// Number of tickets the customer opened at or after `since`.
    func customerTicketCount(customerID: Int64, since: Date) async throws -> Int

    /// Stores (or replaces) the escalation package of its ticket.
    func saveEscalationPackage(_ package: EscalationPackage) async throws

    /// The stored escalation package of a ticket, or nil.
    func escalationPackage(ticketID: Int64) async throws -> EscalationPackage?
}

extension AgentStore {
    /// The newest `limit` notes that mention this email (a user's), newest first, on any ticket. The stores
    /// narrow by the address as the details JSON stores it (`/` escaped); it may also stand in a note's
    /// words, so the mentions themselves decide.
    public func notes(mentioning email: String, limit: Int) async throws -> [TicketEvent] {
        let stored = String(try JSONColumn.encode(email).dropFirst().dropLast())
        let candidates = try await notes(containing: stored, limit: max(1, limit) * 4)
        return Array(candidates.filter { $0.mentions.contains(email) }.prefix(limit))
    }

    /// The user with the address in `text` as typed; nil for an unknown
    /// address and for text that is no email address.
    public func user(address text: String) async throws -> AgentUser? {
        guard let email = EmailAddress(text) else { return nil }
        return try await user(email: email)
    }
}
