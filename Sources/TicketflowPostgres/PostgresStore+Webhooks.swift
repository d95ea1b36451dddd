import Foundation
import PostgresNIO
import TicketflowCore

/// Webhook subscriptions, their leases and delivery log. Claims lock candidate
/// rows with `FOR UPDATE SKIP LOCKED`, so two nodes never lease one subscription.
extension PostgresStore: WebhookStore {
    static let webhookColumns = """
        id, url, event_types, enabled, disabled_reason, cursor, consecutive_failures, next_attempt_at, created_at,
        format
        """

    /// `webhookColumns` as decoded.
    typealias WebhookRow = (Int64, String, String, Bool, String?, Int64, Int, Double, Double, String)

    public func createWebhook(
        url: String, eventTypes: [IntegrationEventType], secret: String, format: WebhookFormat, at now: Date
    ) async throws -> WebhookSubscription {
        let logger = self.logger
        let types = try JSONColumn.encode(eventTypes)
        let seconds = now.timeIntervalSince1970
        return try await transaction { connection in
            try await Self.webhooks(
                connection.query(
                    """
                    INSERT INTO webhook_subscriptions (url, event_types, secret, enabled, cursor,
                        consecutive_failures, next_attempt_at, created_at, format)
                    VALUES (\(url), \(types), \(secret), TRUE,
                        (SELECT COALESCE(MAX(id), 0) FROM integration_events), 0, \(seconds), \(seconds),
                        \(format.rawValue))
                    RETURNING \(unescaped: Self.webhookColumns)
                    """, logger: logger)
            )[0]
        }
    }

    public func webhooks() async throws -> [WebhookSubscription] {
        let logger = self.logger
        return try await connection { connection in
            try await Self.webhooks(
                connection.query(
                    "SELECT \(unescaped: Self.webhookColumns) FROM webhook_subscriptions ORDER BY id", logger: logger))
        }
    }

    public func webhook(id: Int64) async throws -> WebhookSubscription? {
        let logger = self.logger
        return try await connection { connection in
            try await Self.webhooks(
                connection.query(
                    "SELECT \(unescaped: Self.webhookColumns) FROM webhook_subscriptions WHERE id = \(id)",
                    logger: logger)
            ).first
        }
    }

    public func deleteWebhook(id: Int64) async throws -> Bool {
        let logger = self.logger
        return try await transaction { connection in
            try await Self.firstValue(
                connection.query("DELETE FROM webhook_subscriptions WHERE id = \(id) RETURNING id", logger: logger),
                Int64.self) != nil
        }
    }

    public func saveWebhookState(_ s: WebhookSubscription) async throws -> Bool {
        let logger = self.logger
        return try await transaction { connection in
            try await Self.firstValue(
                connection.query(
                    """
                    UPDATE webhook_subscriptions SET enabled = \(s.enabled), disabled_reason = \(s.disabledReason),
                        cursor = \(s.cursor), consecutive_failures = \(s.consecutiveFailures),
                        next_attempt_at = \(s.nextAttemptAt.timeIntervalSince1970)
                    WHERE id = \(s.id) RETURNING id
                    """, logger: logger), Int64.self) != nil
        }
    }

    public func claimDueWebhooks(
        worker: String, leaseSeconds: Double, limit: Int, at now: Date
    ) async throws -> [LeasedWebhook] {
        let logger = self.logger
        let seconds = now.timeIntervalSince1970
        return try await transaction { connection in
            let rows = try await connection.query(
                """
                WITH picked AS (
                    SELECT id FROM webhook_subscriptions
                    WHERE enabled AND next_attempt_at <= \(seconds)
                      AND (lease_expires_at IS NULL OR lease_expires_at <= \(seconds))
                      AND cursor < (SELECT COALESCE(MAX(id), 0) FROM integration_events)
                    ORDER BY next_attempt_at, id LIMIT \(limit)
                    FOR UPDATE SKIP LOCKED
                )
                UPDATE webhook_subscriptions SET lease_owner = \(worker), lease_expires_at = \(seconds + leaseSeconds)
                WHERE id IN (SELECT id FROM picked)
                RETURNING \(unescaped: Self.webhookColumns), secret
                """, logger: logger)
            var leased: [LeasedWebhook] = []
            for try await (c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, secret) in rows.decode(
                (Int64, String, String, Bool, String?, Int64, Int, Double, Double, String, String).self)
            {
                leased.append(
                    LeasedWebhook(
                        subscription: try Self.webhook((c0, c1, c2, c3, c4, c5, c6, c7, c8, c9)), secret: secret))
            }
            return leased
        }
    }

    public func settleWebhook(
        _ s: WebhookSubscription, attempts: [WebhookAttempt], worker: String
    ) async throws -> Bool {
        let logger = self.logger
        return try await transaction { connection in
            // The dispatcher may only turn a subscription off: an admin who
            // turned it off while the attempt ran keeps it off, with their reason.
            let settled = try await Self.firstValue(
                connection.query(
                    """
                    UPDATE webhook_subscriptions SET enabled = enabled AND \(s.enabled),
                        disabled_reason = CASE WHEN enabled AND \(s.enabled) THEN NULL
                            ELSE COALESCE(disabled_reason, \(s.disabledReason)) END,
                        cursor = \(s.cursor), consecutive_failures = \(s.consecutiveFailures),
                        next_attempt_at = \(s.nextAttemptAt.timeIntervalSince1970),
                        lease_owner = NULL, lease_expires_at = NULL
                    WHERE id = \(s.id) AND lease_owner = \(worker) RETURNING id
                    """, logger: logger), Int64.self)
            guard settled != nil else { return false }
            for a in attempts {
                try await connection.query(
                    """
                    INSERT INTO webhook_attempts (subscription_id, event_id, event_type, status_code, error,
                        duration_ms, created_at)
                    VALUES (\(s.id), \(a.eventID), \(a.eventType.rawValue), \(a.statusCode), \(a.error),
                        \(a.durationMs), \(a.createdAt.timeIntervalSince1970))
                    """, logger: logger)
            }
            return true
        }
    }

    public func webhookAttempts(subscriptionID: Int64, limit: Int) async throws -> [WebhookAttempt] {
        let logger = self.logger
        return try await connection { connection in
            let rows = try await connection.query(
                """
                SELECT id, subscription_id, event_id, event_type, status_code, error, duration_ms, created_at
                FROM webhook_attempts WHERE subscription_id = \(subscriptionID) ORDER BY id DESC LIMIT \(limit)
                """, logger: logger)
            var attempts: [WebhookAttempt] = []
            for try await (id, subscription, event, type, status, error, duration, created) in rows.decode(
                (Int64, Int64, Int64, String, Int?, String?, Double, Double).self)
            {
                attempts.append(
                    WebhookAttempt(
                        id: id, subscriptionID: subscription, eventID: event, eventType: try Self.enumValue(type),
                        statusCode: status, error: error, durationMs: duration, createdAt: Self.date(created)))
            }
            return attempts
        }
    }

    static func webhooks(_ rows: PostgresRowSequence) async throws -> [WebhookSubscription] {
        var subscriptions: [WebhookSubscription] = []
        for try await row in rows.decode(WebhookRow.self) { subscriptions.append(try webhook(row)) }
        return subscriptions
    }

    static func webhook(_ c: WebhookRow) throws -> WebhookSubscription {
        WebhookSubscription(
            id: c.0, url: c.1, eventTypes: try JSONColumn.decode(c.2), enabled: c.3, disabledReason: c.4,
            cursor: c.5, consecutiveFailures: c.6, nextAttemptAt: date(c.7), createdAt: date(c.8),
            format: try enumValue(c.9))
    }
}
