import Foundation
import GRDB
import TicketflowCore

/// Webhook subscriptions, their leases and delivery log.
extension SQLiteStore: WebhookStore {
    static let webhookColumns = """
        id, url, event_types, enabled, disabled_reason, cursor, consecutive_failures, next_attempt_at, created_at,
        format
        """

    public func createWebhook(
        url: String, eventTypes: [IntegrationEventType], secret: String, format: WebhookFormat, at now: Date
    ) async throws -> WebhookSubscription {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO webhook_subscriptions (url, event_types, secret, enabled, cursor,
                        consecutive_failures, next_attempt_at, created_at, format)
                    VALUES (?, ?, ?, 1, (SELECT COALESCE(MAX(id), 0) FROM integration_events), 0, ?, ?, ?)
                    """,
                arguments: [
                    url, try JSONColumn.encode(eventTypes), secret, now.timeIntervalSince1970,
                    now.timeIntervalSince1970, format.rawValue,
                ])
            return try Self.webhook(db, id: db.lastInsertedRowID)!
        }
    }

    public func webhooks() async throws -> [WebhookSubscription] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.webhookColumns) FROM webhook_subscriptions ORDER BY id")
                .map(Self.webhookSubscription(from:))
        }
    }

    public func webhook(id: Int64) async throws -> WebhookSubscription? {
        try await read { db in try Self.webhook(db, id: id) }
    }

    public func deleteWebhook(id: Int64) async throws -> Bool {
        try await write { db in
            try db.execute(sql: "DELETE FROM webhook_subscriptions WHERE id = ?", arguments: [id])
            return db.changesCount == 1
        }
    }

    public func saveWebhookState(_ s: WebhookSubscription) async throws -> Bool {
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE webhook_subscriptions SET enabled = ?, disabled_reason = ?, cursor = ?,
                        consecutive_failures = ?, next_attempt_at = ? WHERE id = ?
                    """,
                arguments: [
                    s.enabled, s.disabledReason, s.cursor, s.consecutiveFailures, s.nextAttemptAt.timeIntervalSince1970,
                    s.id,
                ])
            return db.changesCount == 1
        }
    }

    public func claimDueWebhooks(
        worker: String, leaseSeconds: Double, limit: Int, at now: Date
    ) async throws -> [LeasedWebhook] {
        let seconds = now.timeIntervalSince1970
        return try await write { db in
            try Row.fetchAll(
                db,
                sql: """
                    UPDATE webhook_subscriptions SET lease_owner = ?, lease_expires_at = ?
                    WHERE id IN (
                        SELECT id FROM webhook_subscriptions
                        WHERE enabled AND next_attempt_at <= ? AND (lease_expires_at IS NULL OR lease_expires_at <= ?)
                          AND cursor < (SELECT COALESCE(MAX(id), 0) FROM integration_events)
                        ORDER BY next_attempt_at, id LIMIT ?)
                    RETURNING \(Self.webhookColumns), secret
                    """,
                arguments: [worker, seconds + leaseSeconds, seconds, seconds, limit]
            ).map { LeasedWebhook(subscription: try Self.webhookSubscription(from: $0), secret: $0["secret"]) }
        }
    }

    public func settleWebhook(
        _ s: WebhookSubscription, attempts: [WebhookAttempt], worker: String
    ) async throws -> Bool {
        try await write { db in
            // The dispatcher may only turn a subscription off: an admin who
            // turned it off while the attempt ran keeps it off, with their reason.
            try db.execute(
                sql: """
                    UPDATE webhook_subscriptions SET enabled = enabled AND ?,
                        disabled_reason = CASE WHEN enabled AND ? THEN NULL ELSE COALESCE(disabled_reason, ?) END,
                        cursor = ?, consecutive_failures = ?, next_attempt_at = ?,
                        lease_owner = NULL, lease_expires_at = NULL
                    WHERE id = ? AND lease_owner = ?
                    """,
                arguments: [
                    s.enabled, s.enabled, s.disabledReason, s.cursor, s.consecutiveFailures,
                    s.nextAttemptAt.timeIntervalSince1970, s.id, worker,
                ])
            guard db.changesCount == 1 else { return false }
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO webhook_attempts (subscription_id, event_id, event_type, status_code, error,
                        duration_ms, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                    """)
            for a in attempts {
                try statement.execute(arguments: [
                    s.id, a.eventID, a.eventType.rawValue, a.statusCode, a.error, a.durationMs,
                    a.createdAt.timeIntervalSince1970,
                ])
            }
            return true
        }
    }

    public func webhookAttempts(subscriptionID: Int64, limit: Int) async throws -> [WebhookAttempt] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, subscription_id, event_id, event_type, status_code, error, duration_ms, created_at
                    FROM webhook_attempts WHERE subscription_id = ? ORDER BY id DESC LIMIT ?
                    """, arguments: [subscriptionID, limit]
            ).map { row in
                WebhookAttempt(
                    id: row["id"], subscriptionID: row["subscription_id"], eventID: row["event_id"],
                    eventType: try Self.enumValue(row["event_type"]), statusCode: row["status_code"],
                    error: row["error"],
                    durationMs: row["duration_ms"], createdAt: Self.date(row["created_at"]))
            }
        }
    }

    static func webhook(_ db: Database, id: Int64) throws -> WebhookSubscription? {
        try Row.fetchOne(db, sql: "SELECT \(webhookColumns) FROM webhook_subscriptions WHERE id = ?", arguments: [id])
            .map(webhookSubscription(from:))
    }

    static func webhookSubscription(from row: Row) throws -> WebhookSubscription {
        WebhookSubscription(
            id: row["id"], url: row["url"], eventTypes: try JSONColumn.decode(row["event_types"]),
            enabled: row["enabled"], disabledReason: row["disabled_reason"], cursor: row["cursor"],
            consecutiveFailures: row["consecutive_failures"], nextAttemptAt: date(row["next_attempt_at"]),
            createdAt: date(row["created_at"]), format: try enumValue(row["format"]))
    }
}
