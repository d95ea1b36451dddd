import Foundation
import GRDB
import TicketflowCore

/// Users, sessions, tokens and the conditional agent writes. A claim or an
/// action is one UPDATE whose WHERE clause holds the condition (unassigned or
/// mine, unchanged since read), so two agents can never both win: SQLite runs
/// one writer at a time and the loser's UPDATE matches no row.
extension SQLiteStore: AgentAccountStorage {
    public func insertUser(
        email: EmailAddress, name: String, role: AgentRole, passwordHash: String, at now: Date
    ) async throws -> AgentUser? {
        try await write { db in
            guard
                try Int64.fetchOne(db, sql: "SELECT id FROM agent_users WHERE email = ?", arguments: [email.value])
                    == nil
            else { return nil }
            try db.execute(
                sql: "INSERT INTO agent_users (email, name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [email.value, name, role.rawValue, passwordHash, now.timeIntervalSince1970])
            return AgentUser(
                id: db.lastInsertedRowID, email: email.value, name: name, role: role, passwordHash: passwordHash,
                createdAt: now)
        }
    }

    public func user(email: EmailAddress) async throws -> AgentUser? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM agent_users WHERE email = ?", arguments: [email.value])
                .map(Self.agentUser(from:))
        }
    }

    public func users() async throws -> [AgentUser] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM agent_users ORDER BY id").map(Self.agentUser(from:))
        }
    }

    /// SQLite has one writer, so nobody else changes the admins while this runs.
    public func changeUser(
        email: EmailAddress, _ change: AccountChange,
        checking check: @escaping @Sendable (AgentUser, _ admins: Int) throws -> Void
    ) async throws -> AgentUser? {
        try await write { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT * FROM agent_users WHERE email = ?", arguments: [email.value])
            else { return nil }
            let user = try Self.agentUser(from: row)
            try check(
                user,
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM agent_users WHERE role = 'admin' AND deactivated_at IS NULL") ?? 0)
            switch change {
            case .remove:
                try db.execute(sql: "DELETE FROM agent_sessions WHERE user_id = ?", arguments: [user.id])
                try db.execute(sql: "DELETE FROM agent_users WHERE id = ?", arguments: [user.id])
            case .role(let role):
                try db.execute(
                    sql: "UPDATE agent_users SET role = ? WHERE id = ?", arguments: [role.rawValue, user.id])
            case .deactivate(let at):
                try db.execute(sql: "DELETE FROM agent_sessions WHERE user_id = ?", arguments: [user.id])
                try db.execute(
                    sql: "UPDATE agent_users SET deactivated_at = COALESCE(deactivated_at, ?) WHERE id = ?",
                    arguments: [at.timeIntervalSince1970, user.id])
            case .reactivate:
                try db.execute(sql: "UPDATE agent_users SET deactivated_at = NULL WHERE id = ?", arguments: [user.id])
            }
            return change.applied(to: user)
        }
    }

    public func recordSeen(userID: Int64, at now: Date) async throws {
        try await write { db in
            try db.execute(
                sql:
                    "UPDATE agent_users SET last_seen_at = ? WHERE id = ? AND (last_seen_at IS NULL OR last_seen_at < ?)",
                arguments: [
                    now.timeIntervalSince1970, userID,
                    now.timeIntervalSince1970 - AgentPresence.recordingInterval,
                ])
        }
    }

    public func setPasswordHash(email: EmailAddress, passwordHash: String) async throws -> Bool {
        try await write { db in
            guard
                let id = try Int64.fetchOne(
                    db, sql: "SELECT id FROM agent_users WHERE email = ?", arguments: [email.value])
            else { return false }
            try db.execute(sql: "UPDATE agent_users SET password_hash = ? WHERE id = ?", arguments: [passwordHash, id])
            try db.execute(sql: "DELETE FROM agent_sessions WHERE user_id = ?", arguments: [id])
            return true
        }
    }

    public func createSession(_ session: AgentSession) async throws {
        try await write { db in
            try db.execute(
                sql:
                    "INSERT INTO agent_sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [
                    session.tokenHash, session.userID, session.csrfToken,
                    session.createdAt.timeIntervalSince1970, session.expiresAt.timeIntervalSince1970,
                ])
        }
    }

    public func session(tokenHash: String, at now: Date) async throws -> (AgentSession, AgentUser)? {
        try await read { db -> (AgentSession, AgentUser)? in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT * FROM agent_sessions WHERE token_hash = ? AND expires_at > ?",
                    arguments: [tokenHash, now.timeIntervalSince1970]),
                let user = try Row.fetchOne(
                    db, sql: "SELECT * FROM agent_users WHERE id = ? AND deactivated_at IS NULL",
                    arguments: [row["user_id"] as Int64])
            else { return nil }
            let session = AgentSession(
                tokenHash: row["token_hash"], userID: row["user_id"], csrfToken: row["csrf_token"],
                createdAt: Self.date(row["created_at"]), expiresAt: Self.date(row["expires_at"]))
            return (session, try Self.agentUser(from: user))
        }
    }

    public func deleteSession(tokenHash: String) async throws {
        try await write { db in
            try db.execute(sql: "DELETE FROM agent_sessions WHERE token_hash = ?", arguments: [tokenHash])
        }
    }

    public func createAPIToken(
        name: String, role: AgentRole, channel: Channel?, tokenHash: String, at now: Date
    ) async throws -> APIToken {
        try await write { db in
            try db.execute(
                sql: "INSERT INTO api_tokens (name, role, channel, token_hash, created_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [name, role.rawValue, channel?.rawValue, tokenHash, now.timeIntervalSince1970])
            return APIToken(
                id: db.lastInsertedRowID, name: name, role: role, tokenHash: tokenHash, createdAt: now, channel: channel
            )
        }
    }

    public func apiToken(tokenHash: String) async throws -> APIToken? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM api_tokens WHERE token_hash = ?", arguments: [tokenHash]).map(
                Self.apiToken(from:))
        }
    }

    public func apiTokens() async throws -> [APIToken] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM api_tokens ORDER BY id").map(Self.apiToken(from:))
        }
    }

    public func deleteAPIToken(id: Int64) async throws -> Bool {
        try await write { db in
            try db.execute(sql: "DELETE FROM api_tokens WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }

    static func apiToken(from row: Row) throws -> APIToken {
        let channel: String? = row["channel"]
        return APIToken(
            id: row["id"], name: row["name"], role: try enumValue(row["role"]),
            tokenHash: row["token_hash"], createdAt: date(row["created_at"]),
            channel: try channel.map { try enumValue($0) })
    }

    public func reviewQueue(_ query: ReviewQueueQuery) async throws -> [Ticket] {
        try await read { db in
            var conditions = ["status IN (?, ?)"]
            var arguments: StatementArguments = [TicketStatus.awaitingReview.rawValue, TicketStatus.escalated.rawValue]
            if let route = query.route { conditions.append("route = ?"); arguments += [route.rawValue] }
            if let category = query.category { conditions.append("category = ?"); arguments += [category] }
            if let categories = query.categories {
                conditions.append(Self.membership("category", categories, &arguments))
            }
            if let held = Self.assigneeCondition(query.assignee, column: "assignee", &arguments) {
                conditions.append(held)
            }
            arguments += [PageRequest(limit: query.limit, maximum: ReviewQueueQuery.maximumLimit).limit]
            // Only fixed predicates are joined; every value is a bound argument.
            let sql =
                "SELECT * FROM tickets WHERE \(conditions.joined(separator: " AND ")) ORDER BY created_at, id LIMIT ?"
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.ticket(from:))
        }
    }

    public func applyAgentChange(_ change: AgentChange) async throws -> TicketDetail {
        try await write { db in
            let t = change.ticket
            let previous = try Self.storedTicket(db, id: t.id)
            let expected = change.expectedUpdatedAt?.timeIntervalSince1970
            try db.execute(
                sql: """
                    UPDATE tickets SET status = ?, category = ?, category_confidence = ?, urgency = ?, route = ?,
                        assignee = ?, tags = ?, draft = ?, updated_at = ?, first_response_at = ?, resolved_at = ?,
                        sla_started_at = ?, continued_in = ?
                    WHERE id = ? AND (? OR assignee IS NULL OR assignee = ?) AND (? IS NULL OR updated_at = ?)
                    """,
                arguments: [
                    t.status.rawValue, t.category, t.categoryConfidence, t.urgency, t.route?.rawValue, t.assignee,
                    try JSONColumn.encode(t.tags), try change.draft.map(JSONColumn.encode),
                    t.updatedAt.timeIntervalSince1970, t.firstResponseAt?.timeIntervalSince1970,
                    t.resolvedAt?.timeIntervalSince1970, t.slaStartedAt?.timeIntervalSince1970, t.continuedIn,
                    t.id, change.overrideAssignee, change.actor, expected,
                    expected,
                ])
            guard db.changesCount == 1 else {
                let current = try Row.fetchOne(db, sql: "SELECT assignee FROM tickets WHERE id = ?", arguments: [t.id])
                guard let current else { throw StoreError.noTicket(t.id) }
                throw Refusal.agentConflict(ticketID: t.id, heldBy: current["assignee"], actor: change.actor)
            }
            let messages = try Self.insert(db, messages: change.messages, ticketID: t.id)
            try db.execute(
                sql: "INSERT INTO ticket_events (ticket_id, kind, actor, details, created_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [
                    t.id, change.event.kind.rawValue, change.event.actor, try JSONColumn.encode(change.event.details),
                    change.event.createdAt.timeIntervalSince1970,
                ])
            for record in change.feedback {
                try db.execute(
                    sql: """
                        INSERT INTO feedback_records (ticket_id, kind, original_draft, final_text, old_category,
                            new_category, old_urgency, new_urgency, agent, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        t.id, record.kind.rawValue, record.originalDraft, record.finalText, record.oldCategory,
                        record.newCategory, record.oldUrgency, record.newUrgency, record.agent,
                        record.createdAt.timeIntervalSince1970,
                    ])
            }
            let detail = try Self.detail(db, id: t.id)!
            try Self.insert(
                db,
                events: IntegrationEventRules.events(
                    of: change, previous: previous, current: detail.ticket, messages: messages))
            return detail
        }
    }

    public func ticketEvents(ticketID: Int64) async throws -> [TicketEvent] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM ticket_events WHERE ticket_id = ? ORDER BY id", arguments: [ticketID]
            )
            .map(Self.ticketEvent(from:))
        }
    }

    public func notes(containing text: String, limit: Int) async throws -> [TicketEvent] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql:
                    "SELECT * FROM ticket_events WHERE kind = 'note' AND instr(details, ?) > 0 ORDER BY id DESC LIMIT ?",
                arguments: [text, limit]
            ).map(Self.ticketEvent(from:))
        }
    }

    static func ticketEvent(from row: Row) throws -> TicketEvent {
        TicketEvent(
            id: row["id"], ticketID: row["ticket_id"], kind: try enumValue(row["kind"]), actor: row["actor"],
            details: try JSONColumn.decode(row["details"]), createdAt: date(row["created_at"]))
    }

    public func feedbackRecords(since: Date, limit: Int) async throws -> [FeedbackRecord] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM feedback_records WHERE created_at >= ? ORDER BY created_at, id LIMIT ?",
                arguments: [since.timeIntervalSince1970, max(1, limit)]
            ).map { row in
                FeedbackRecord(
                    id: row["id"], ticketID: row["ticket_id"], kind: try Self.enumValue(row["kind"]),
                    originalDraft: row["original_draft"], finalText: row["final_text"],
                    oldCategory: row["old_category"],
                    newCategory: row["new_category"], oldUrgency: row["old_urgency"], newUrgency: row["new_urgency"],
                    agent: row["agent"], createdAt: Self.date(row["created_at"]))
            }
        }
    }

    public func customerTicketCount(customerID: Int64, since: Date) async throws -> Int {
        try await read { db in
            try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM tickets WHERE customer_id = ? AND created_at >= ?",
                arguments: [customerID, since.timeIntervalSince1970]) ?? 0
        }
    }

    public func saveEscalationPackage(_ package: EscalationPackage) async throws {
        let text = try JSONColumn.encode(package)
        // Group-committed with intake: most packages are saved right after a ticket is.
        try await batcher.submit { db in
            try db.execute(
                sql: """
                    INSERT INTO escalation_packages (ticket_id, package, built_at) VALUES (?, ?, ?)
                    ON CONFLICT (ticket_id) DO UPDATE SET package = excluded.package, built_at = excluded.built_at
                    """,
                arguments: [package.ticketID, text, package.builtAt.timeIntervalSince1970])
        }
    }

    public func escalationPackage(ticketID: Int64) async throws -> EscalationPackage? {
        let text = try await read { db in
            try String.fetchOne(
                db, sql: "SELECT package FROM escalation_packages WHERE ticket_id = ?", arguments: [ticketID])
        }
        return try text.map { try JSONColumn.decode($0) }
    }

    static func agentUser(from row: Row) throws -> AgentUser {
        AgentUser(
            id: row["id"], email: row["email"], name: row["name"], role: try enumValue(row["role"]),
            passwordHash: row["password_hash"], createdAt: date(row["created_at"]),
            deactivatedAt: (row["deactivated_at"] as Double?).map(date),
            lastSeenAt: (row["last_seen_at"] as Double?).map(date))
    }
}

extension SQLiteStore {
    /// `column IN (?, ?, …)` with `values` appended to `arguments`, one placeholder each; no values match
    /// nothing. Only bound values, whatever the list holds.
    static func membership(_ column: String, _ values: [String], _ arguments: inout StatementArguments) -> String {
        for value in values { arguments += [value] }
        return values.isEmpty
            ? "0" : "\(column) IN (\(Array(repeating: "?", count: values.count).joined(separator: ", ")))"
    }

    /// The review queue's and the inbox's assignee filter on `column`; nil when anyone will do.
    static func assigneeCondition(
        _ filter: ReviewQueueQuery.AssigneeFilter, column: String, _ arguments: inout StatementArguments
    ) -> String? {
        switch filter {
        case .any: return nil
        case .unassigned: return "\(column) IS NULL"
        case .user(let email):
            arguments += [email]
            return "\(column) = ?"
        }
    }
}
