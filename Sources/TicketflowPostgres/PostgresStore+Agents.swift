import Foundation
import PostgresNIO
import TicketflowCore

/// Users, sessions, tokens and the conditional agent writes. A claim or an
/// action is one UPDATE whose WHERE clause holds the condition; under READ
/// COMMITTED a second agent's UPDATE waits for the first to commit, re-checks
/// the WHERE clause against the new row and matches nothing, so exactly one
/// agent wins on any number of nodes.
extension PostgresStore: AgentAccountStorage {
    public func insertUser(
        email: EmailAddress, name: String, role: AgentRole, passwordHash: String, at now: Date
    ) async throws -> AgentUser? {
        let logger = self.logger
        return try await connection { connection in
            let id = try await Self.firstValue(
                connection.query(
                    """
                    INSERT INTO agent_users (email, name, role, password_hash, created_at)
                    VALUES (\(email.value), \(name), \(role.rawValue), \(passwordHash), \(now.timeIntervalSince1970))
                    ON CONFLICT (email) DO NOTHING RETURNING id
                    """, logger: logger), Int64.self)
            return id.map {
                AgentUser(
                    id: $0, email: email.value, name: name, role: role, passwordHash: passwordHash, createdAt: now)
            }
        }
    }

    public func user(email: EmailAddress) async throws -> AgentUser? {
        let logger = self.logger
        return try await connection { connection in
            try await Self.agentUsers(
                connection.query(
                    "SELECT \(unescaped: Self.agentUserColumns) FROM agent_users WHERE email = \(email.value)",
                    logger: logger)
            ).first
        }
    }

    public func users() async throws -> [AgentUser] {
        let logger = self.logger
        return try await connection { connection in
            try await Self.agentUsers(
                connection.query(
                    "SELECT \(unescaped: Self.agentUserColumns) FROM agent_users ORDER BY id", logger: logger))
        }
    }

    /// Locks every admin row first, so concurrent removals of admins take
    /// turns and the count each one checks is current.
    public func changeUser(
        email: EmailAddress, _ change: AccountChange,
        checking check: @escaping @Sendable (AgentUser, _ admins: Int) throws -> Void
    ) async throws -> AgentUser? {
        let logger = self.logger
        return try await transaction { connection in
            var admins = 0
            for try await _ in try await connection.query(
                "SELECT id FROM agent_users WHERE role = 'admin' AND deactivated_at IS NULL FOR UPDATE", logger: logger)
            {
                admins += 1
            }
            guard
                let user = try await Self.agentUsers(
                    connection.query(
                        "SELECT \(unescaped: Self.agentUserColumns) FROM agent_users WHERE email = \(email.value)",
                        logger: logger)
                ).first
            else { return nil }
            try check(user, admins)
            switch change {
            case .remove:
                try await connection.query("DELETE FROM agent_sessions WHERE user_id = \(user.id)", logger: logger)
                try await connection.query("DELETE FROM agent_users WHERE id = \(user.id)", logger: logger)
            case .role(let role):
                try await connection.query(
                    "UPDATE agent_users SET role = \(role.rawValue) WHERE id = \(user.id)", logger: logger)
            case .deactivate(let at):
                try await connection.query("DELETE FROM agent_sessions WHERE user_id = \(user.id)", logger: logger)
                try await connection.query(
                    """
                    UPDATE agent_users SET deactivated_at = COALESCE(deactivated_at, \(at.timeIntervalSince1970))
                    WHERE id = \(user.id)
                    """, logger: logger)
            case .reactivate:
                try await connection.query(
                    "UPDATE agent_users SET deactivated_at = NULL WHERE id = \(user.id)", logger: logger)
            }
            return change.applied(to: user)
        }
    }

    public func recordSeen(userID: Int64, at now: Date) async throws {
        let logger = self.logger
        let stale = now.timeIntervalSince1970 - AgentPresence.recordingInterval
        _ = try await connection { connection in
            try await connection.query(
                """
                UPDATE agent_users SET last_seen_at = \(now.timeIntervalSince1970)
                WHERE id = \(userID) AND (last_seen_at IS NULL OR last_seen_at < \(stale))
                """, logger: logger)
        }
    }

    public func setPasswordHash(email: EmailAddress, passwordHash: String) async throws -> Bool {
        let logger = self.logger
        return try await transaction { connection in
            guard
                let id = try await Self.firstValue(
                    connection.query(
                        "UPDATE agent_users SET password_hash = \(passwordHash) WHERE email = \(email.value) RETURNING id",
                        logger: logger), Int64.self)
            else { return false }
            try await connection.query("DELETE FROM agent_sessions WHERE user_id = \(id)", logger: logger)
            return true
        }
    }

    public func createSession(_ session: AgentSession) async throws {
        let logger = self.logger
        _ = try await connection { connection in
            try await connection.query(
                """
                INSERT INTO agent_sessions (token_hash, user_id, csrf_token, created_at, expires_at)
                VALUES (\(session.tokenHash), \(session.userID), \(session.csrfToken),
                    \(session.createdAt.timeIntervalSince1970), \(session.expiresAt.timeIntervalSince1970))
                """, logger: logger)
        }
    }

    public func session(tokenHash: String, at now: Date) async throws -> (AgentSession, AgentUser)? {
        let logger = self.logger
        return try await connection { connection -> (AgentSession, AgentUser)? in
            let rows = try await connection.query(
                """
                SELECT s.token_hash, s.csrf_token, s.created_at, s.expires_at,
                    u.id, u.email, u.name, u.role, u.password_hash, u.created_at, u.last_seen_at
                FROM agent_sessions s JOIN agent_users u ON u.id = s.user_id AND u.deactivated_at IS NULL
                WHERE s.token_hash = \(tokenHash) AND s.expires_at > \(now.timeIntervalSince1970)
                """, logger: logger)
            var found: (AgentSession, AgentUser)?
            for try await (hash, csrf, createdAt, expiresAt, id, email, name, role, passwordHash, userCreatedAt, seen)
                in rows.decode(
                    (String, String, Double, Double, Int64, String, String, String, String, Double, Double?).self)
            {
                let user = AgentUser(
                    id: id, email: email, name: name, role: try Self.enumValue(role), passwordHash: passwordHash,
                    createdAt: Self.date(userCreatedAt), lastSeenAt: seen.map(Self.date))
                found = (
                    AgentSession(
                        tokenHash: hash, userID: id, csrfToken: csrf, createdAt: Self.date(createdAt),
                        expiresAt: Self.date(expiresAt)), user
                )
            }
            return found
        }
    }

    public func deleteSession(tokenHash: String) async throws {
        let logger = self.logger
        _ = try await connection { connection in
            try await connection.query("DELETE FROM agent_sessions WHERE token_hash = \(tokenHash)", logger: logger)
        }
    }

    public func createAPIToken(
        name: String, role: AgentRole, channel: TicketflowCore.Channel?, tokenHash: String, at now: Date
    ) async throws -> APIToken {
        let logger = self.logger
        return try await connection { connection in
            let id = try await Self.firstValue(
                connection.query(
                    """
                    INSERT INTO api_tokens (name, role, channel, token_hash, created_at)
                    VALUES (\(name), \(role.rawValue), \(channel?.rawValue), \(tokenHash), \(now.timeIntervalSince1970))
                    RETURNING id
                    """, logger: logger), Int64.self)
            return APIToken(id: id ?? 0, name: name, role: role, tokenHash: tokenHash, createdAt: now, channel: channel)
        }
    }

    public func apiToken(tokenHash: String) async throws -> APIToken? {
        let logger = self.logger
        return try await connection { connection in
            try await Self.apiTokens(
                connection.query(
                    "SELECT \(unescaped: Self.apiTokenColumns) FROM api_tokens WHERE token_hash = \(tokenHash)",
                    logger: logger)
            ).first
        }
    }

    public func apiTokens() async throws -> [APIToken] {
        let logger = self.logger
        return try await connection { connection in
            try await Self.apiTokens(
                connection.query(
                    "SELECT \(unescaped: Self.apiTokenColumns) FROM api_tokens ORDER BY id", logger: logger))
        }
    }

    public func deleteAPIToken(id: Int64) async throws -> Bool {
        let logger = self.logger
        return try await connection { connection in
            try await Self.firstValue(
                connection.query("DELETE FROM api_tokens WHERE id = \(id) RETURNING id", logger: logger), Int64.self)
                != nil
        }
    }

    /// The token columns `apiTokens(_:)` reads.
    static let apiTokenColumns = "id, name, role, token_hash, created_at, channel"

    /// Every token of a query selecting `apiTokenColumns`.
    static func apiTokens(_ rows: PostgresRowSequence) async throws -> [APIToken] {
        var tokens: [APIToken] = []
        for try await (id, name, role, hash, createdAt, channel) in rows.decode(
            (Int64, String, String, String, Double, String?).self)
        {
            tokens.append(
                APIToken(
                    id: id, name: name, role: try enumValue(role), tokenHash: hash, createdAt: date(createdAt),
                    channel: try channel.map { try enumValue($0) }))
        }
        return tokens
    }

    public func reviewQueue(_ query: ReviewQueueQuery) async throws -> [Ticket] {
        let logger = self.logger
        let limit = PageRequest(limit: query.limit, maximum: ReviewQueueQuery.maximumLimit).limit
        let (mode, holder) = query.assignee.boundMode
        return try await connection { connection in
            // NULL filters match everything, so one statement with bound parameters serves every combination.
            let rows = try await connection.query(
                """
                SELECT \(unescaped: Self.ticketColumns) FROM tickets
                WHERE status IN (\(TicketStatus.awaitingReview.rawValue), \(TicketStatus.escalated.rawValue))
                  AND (\(query.route?.rawValue)::text IS NULL OR route = \(query.route?.rawValue))
                  AND (\(query.category)::text IS NULL OR category = \(query.category))
                  AND (\(query.categories)::text[] IS NULL OR category = ANY(\(query.categories)))
                  AND (\(mode) = 'any' OR (\(mode) = 'unassigned' AND assignee IS NULL)
                       OR (\(mode) = 'user' AND assignee = \(holder)))
                ORDER BY created_at, id LIMIT \(limit)
                """, logger: logger)
            return try await Self.tickets(rows)
        }
    }

    public func ticketEvents(ticketID: Int64) async throws -> [TicketEvent] {
        let logger = self.logger
        return try await connection { connection in
            try await Self.ticketEvents(
                connection.query(
                    "SELECT id, ticket_id, kind, actor, details, created_at FROM ticket_events WHERE ticket_id = \(ticketID) ORDER BY id",
                    logger: logger))
        }
    }

    public func notes(containing text: String, limit: Int) async throws -> [TicketEvent] {
        let logger = self.logger
        return try await connection { connection in
            try await Self.ticketEvents(
                connection.query(
                    """
                    SELECT id, ticket_id, kind, actor, details, created_at FROM ticket_events
                    WHERE kind = 'note' AND strpos(details, \(text)) > 0 ORDER BY id DESC LIMIT \(limit)
                    """, logger: logger))
        }
    }

    /// Every event of a query selecting `id, ticket_id, kind, actor, details, created_at`.
    static func ticketEvents(_ rows: PostgresRowSequence) async throws -> [TicketEvent] {
        var events: [TicketEvent] = []
        for try await (id, ticket, kind, actor, details, createdAt) in rows.decode(
            (Int64, Int64, String, String, String, Double).self)
        {
            events.append(
                TicketEvent(
                    id: id, ticketID: ticket, kind: try enumValue(kind), actor: actor,
                    details: try JSONColumn.decode(details), createdAt: date(createdAt)))
        }
        return events
    }

    public func feedbackRecords(since: Date, limit: Int) async throws -> [FeedbackRecord] {
        let logger = self.logger
        return try await connection { connection in
            var records: [FeedbackRecord] = []
            for try await (
                id, ticket, kind, draft, final, oldCategory, newCategory, oldUrgency, newUrgency, agent, createdAt
            )
                in try await connection.query(
                    """
                    SELECT id, ticket_id, kind, original_draft, final_text, old_category, new_category, old_urgency,
                        new_urgency, agent, created_at
                    FROM feedback_records WHERE created_at >= \(since.timeIntervalSince1970)
                    ORDER BY created_at, id LIMIT \(max(1, limit))
                    """, logger: logger
                ).decode((Int64, Int64, String, String?, String?, String?, String?, Int?, Int?, String, Double).self)
            {
                records.append(
                    FeedbackRecord(
                        id: id, ticketID: ticket, kind: try Self.enumValue(kind), originalDraft: draft,
                        finalText: final,
                        oldCategory: oldCategory, newCategory: newCategory, oldUrgency: oldUrgency,
                        newUrgency: newUrgency,
                        agent: agent, createdAt: Self.date(createdAt)))
            }
            return records
        }
    }

    public func customerTicketCount(customerID: Int64, since: Date) async throws -> Int {
        let logger = self.logger
        return try await connection { connection in
            try await Self.firstValue(
                connection.query(
                    "SELECT COUNT(*) FROM tickets WHERE customer_id = \(customerID) AND created_at >= \(since.timeIntervalSince1970)",
                    logger: logger), Int.self) ?? 0
        }
    }

    public func saveEscalationPackage(_ package: EscalationPackage) async throws {
        let logger = self.logger
        let text = try JSONColumn.encode(package)
        _ = try await connection { connection in
            try await connection.query(
                """
                INSERT INTO escalation_packages (ticket_id, package, built_at)
                VALUES (\(package.ticketID), \(text), \(package.builtAt.timeIntervalSince1970))
                ON CONFLICT (ticket_id) DO UPDATE SET package = EXCLUDED.package, built_at = EXCLUDED.built_at
                """, logger: logger)
        }
    }

    public func escalationPackage(ticketID: Int64) async throws -> EscalationPackage? {
        let logger = self.logger
        let text = try await connection { connection in
            try await Self.firstValue(
                connection.query(
                    "SELECT package FROM escalation_packages WHERE ticket_id = \(ticketID)", logger: logger),
                String.self)
        }
        return try text.map { try JSONColumn.decode($0) }
    }

    /// The user columns `agentUsers(_:)` reads.
    static let agentUserColumns = "id, email, name, role, password_hash, created_at, deactivated_at, last_seen_at"

    /// Every user of a query selecting `agentUserColumns`.
    static func agentUsers(_ rows: PostgresRowSequence) async throws -> [AgentUser] {
        var users: [AgentUser] = []
        for try await (id, email, name, role, hash, createdAt, deactivated, seen) in rows.decode(
            (Int64, String, String, String, String, Double, Double?, Double?).self)
        {
            users.append(
                AgentUser(
                    id: id, email: email, name: name, role: try enumValue(role), passwordHash: hash,
                    createdAt: date(createdAt), deactivatedAt: deactivated.map(date), lastSeenAt: seen.map(date)))
        }
        return users
    }
}

extension ReviewQueueQuery.AssigneeFilter {
    /// The filter as two bound values, so one statement serves every case: `mode` is `any`, `unassigned` or
    /// `user`, and `holder` the user's email for `user`.
    var boundMode: (mode: String, holder: String?) {
        switch self {
        case .any: ("any", nil)
        case .unassigned: ("unassigned", nil)
        case .user(let email): ("user", email)
        }
    }
}
