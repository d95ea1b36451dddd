import GRDB

extension SQLiteStore {
    /// Versioned schema. Never edit a shipped migration: add a new one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-tickets") { db in
            try db.execute(
                sql: """
                    CREATE TABLE customers (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        external_id TEXT UNIQUE,
                        name TEXT, email TEXT, plan TEXT, lifetime_value REAL, locale TEXT,
                        created_at REAL NOT NULL, updated_at REAL NOT NULL
                    );
                    CREATE INDEX customers_email ON customers(email);
                    CREATE TABLE tickets (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        external_id TEXT UNIQUE,
                        idempotency_key TEXT UNIQUE,
                        request_fingerprint TEXT,
                        customer_id INTEGER REFERENCES customers(id),
                        channel TEXT NOT NULL,
                        subject TEXT NOT NULL,
                        status TEXT NOT NULL,
                        category TEXT, category_confidence REAL,
                        sentiment TEXT, urgency INTEGER,
                        escalation_risk INTEGER NOT NULL DEFAULT 0, escalation_reason TEXT,
                        route TEXT, assignee TEXT,
                        tags TEXT NOT NULL DEFAULT '[]',
                        draft TEXT,
                        created_at REAL NOT NULL, updated_at REAL NOT NULL,
                        first_response_at REAL, resolved_at REAL
                    );
                    CREATE INDEX tickets_status ON tickets(status, id);
                    CREATE INDEX tickets_route ON tickets(route, id);
                    CREATE INDEX tickets_category ON tickets(category, id);
                    CREATE INDEX tickets_customer ON tickets(customer_id, created_at);
                    CREATE TABLE messages (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
                        author TEXT NOT NULL,
                        body TEXT NOT NULL,
                        citations TEXT NOT NULL DEFAULT '[]',
                        created_at REAL NOT NULL
                    );
                    CREATE INDEX messages_ticket ON messages(ticket_id, id);
                    CREATE TABLE trace_entries (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
                        stage TEXT NOT NULL, input TEXT NOT NULL, output TEXT NOT NULL,
                        score REAL, engine TEXT NOT NULL, engine_version TEXT NOT NULL,
                        duration_ms REAL NOT NULL, details TEXT NOT NULL DEFAULT '{}',
                        created_at REAL NOT NULL
                    );
                    CREATE INDEX trace_ticket ON trace_entries(ticket_id, id);
                    """)
        }
        migrator.registerMigration("v2-jobs") { db in
            try db.execute(
                sql: """
                    CREATE TABLE jobs (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        kind TEXT NOT NULL,
                        payload TEXT NOT NULL,
                        ticket_id INTEGER,
                        dedupe_key TEXT UNIQUE,
                        state TEXT NOT NULL,
                        attempts INTEGER NOT NULL DEFAULT 0,
                        max_attempts INTEGER NOT NULL,
                        run_at REAL NOT NULL,
                        lease_owner TEXT, lease_token TEXT, lease_expires_at REAL,
                        last_error TEXT,
                        created_at REAL NOT NULL, updated_at REAL NOT NULL
                    );
                    CREATE INDEX jobs_due ON jobs(state, run_at, id);
                    CREATE INDEX jobs_ticket ON jobs(ticket_id);
                    CREATE TABLE change_versions (
                        topic TEXT PRIMARY KEY,
                        version INTEGER NOT NULL,
                        updated_at REAL NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v3-articles") { db in
            try db.execute(
                sql: """
                    CREATE TABLE articles (
                        id TEXT PRIMARY KEY,
                        title TEXT NOT NULL, category TEXT, tags TEXT NOT NULL DEFAULT '[]',
                        body TEXT NOT NULL, source TEXT NOT NULL, language TEXT NOT NULL,
                        updated_at REAL NOT NULL, version INTEGER NOT NULL, content_hash TEXT NOT NULL
                    );
                    CREATE INDEX articles_category ON articles(category);
                    CREATE TABLE chunk_vectors (
                        chunk_id TEXT PRIMARY KEY, content_hash TEXT NOT NULL, model TEXT NOT NULL, vector BLOB NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v4-agents") { db in
            try db.execute(
                sql: """
                    CREATE TABLE agent_users (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        email TEXT NOT NULL UNIQUE, name TEXT NOT NULL, role TEXT NOT NULL,
                        password_hash TEXT NOT NULL, created_at REAL NOT NULL
                    );
                    CREATE TABLE agent_sessions (
                        token_hash TEXT PRIMARY KEY,
                        user_id INTEGER NOT NULL REFERENCES agent_users(id) ON DELETE CASCADE,
                        csrf_token TEXT NOT NULL, created_at REAL NOT NULL, expires_at REAL NOT NULL
                    );
                    CREATE INDEX agent_sessions_user ON agent_sessions(user_id);
                    CREATE TABLE api_tokens (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        name TEXT NOT NULL, role TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE, created_at REAL NOT NULL
                    );
                    CREATE TABLE ticket_events (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
                        kind TEXT NOT NULL, actor TEXT NOT NULL, details TEXT NOT NULL DEFAULT '{}',
                        created_at REAL NOT NULL
                    );
                    CREATE INDEX ticket_events_ticket ON ticket_events(ticket_id, id);
                    CREATE TABLE feedback_records (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
                        kind TEXT NOT NULL, original_draft TEXT, final_text TEXT,
                        old_category TEXT, new_category TEXT, old_urgency INTEGER, new_urgency INTEGER,
                        agent TEXT NOT NULL, created_at REAL NOT NULL
                    );
                    CREATE INDEX feedback_records_created ON feedback_records(created_at, id);
                    CREATE TABLE escalation_packages (
                        ticket_id INTEGER PRIMARY KEY REFERENCES tickets(id) ON DELETE CASCADE,
                        package TEXT NOT NULL, built_at REAL NOT NULL
                    );
                    CREATE INDEX tickets_open_queue ON tickets(status, created_at, id);
                    """)
        }
        migrator.registerMigration("v5-analytics") { db in
            try db.execute(
                sql: """
                    CREATE TABLE ratings (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
                        score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5), comment TEXT,
                        answered_by TEXT NOT NULL, source TEXT NOT NULL, created_at REAL NOT NULL
                    );
                    CREATE INDEX ratings_ticket ON ratings(ticket_id, id);
                    CREATE TABLE qa_reviews (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
                        subject TEXT NOT NULL, accuracy INTEGER NOT NULL, completeness INTEGER NOT NULL,
                        tone INTEGER NOT NULL, actionability INTEGER NOT NULL, flags TEXT NOT NULL,
                        notes TEXT NOT NULL, engine TEXT NOT NULL, created_at REAL NOT NULL
                    );
                    CREATE INDEX qa_reviews_ticket ON qa_reviews(ticket_id, id);
                    CREATE INDEX qa_reviews_created ON qa_reviews(created_at);
                    CREATE INDEX tickets_created ON tickets(created_at);
                    """)
        }
        migrator.registerMigration("v6-models") { db in
            try db.execute(
                sql: """
                    CREATE TABLE models (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        name TEXT NOT NULL, data BLOB NOT NULL, created_at REAL NOT NULL
                    );
                    CREATE INDEX models_name ON models(name, id);
                    """)
        }
        // Intake tokens act on one channel's tickets only (secure by default).
        migrator.registerMigration("v7-token-channels") { db in
            try db.execute(sql: "ALTER TABLE api_tokens ADD COLUMN channel TEXT")
        }
        // A failed stage is a status, not an output that starts with "failed".
        migrator.registerMigration("v8-trace-status") { db in
            try db.execute(
                sql: """
                    ALTER TABLE trace_entries ADD COLUMN status TEXT NOT NULL DEFAULT 'ok';
                    UPDATE trace_entries SET status = 'failed' WHERE engine = 'pipeline' AND output LIKE 'failed:%';
                    """)
        }
        // What integrators follow: the event feed and webhooks (issue 15), and
        // `updated_since` listing.
        migrator.registerMigration("v9-integration-events") { db in
            try db.execute(
                sql: """
                    CREATE TABLE integration_events (
                        id INTEGER PRIMARY KEY AUTOINCREMENT, type TEXT NOT NULL,
                        ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
                        message_id INTEGER, data TEXT NOT NULL, created_at REAL NOT NULL
                    );
                    CREATE INDEX integration_events_ticket ON integration_events(ticket_id, id);
                    CREATE INDEX tickets_updated ON tickets(updated_at);
                    """)
        }
        migrator.registerMigration("v10-webhooks") { db in
            try db.execute(
                sql: """
                    CREATE TABLE webhook_subscriptions (
                        id INTEGER PRIMARY KEY AUTOINCREMENT, url TEXT NOT NULL, event_types TEXT NOT NULL,
                        secret TEXT NOT NULL, enabled INTEGER NOT NULL, disabled_reason TEXT,
                        cursor INTEGER NOT NULL, consecutive_failures INTEGER NOT NULL,
                        next_attempt_at REAL NOT NULL, lease_owner TEXT, lease_expires_at REAL,
                        created_at REAL NOT NULL
                    );
                    CREATE TABLE webhook_attempts (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        subscription_id INTEGER NOT NULL REFERENCES webhook_subscriptions(id) ON DELETE CASCADE,
                        event_id INTEGER NOT NULL, event_type TEXT NOT NULL, status_code INTEGER, error TEXT,
                        duration_ms REAL NOT NULL, created_at REAL NOT NULL
                    );
                    CREATE INDEX webhook_attempts_subscription ON webhook_attempts(subscription_id, id);
                    """)
        }
        // The outbox: how each outgoing message is reaching the customer.
        migrator.registerMigration("v11-deliveries") { db in
            try db.execute(
                sql: """
                    CREATE TABLE deliveries (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        message_id INTEGER NOT NULL UNIQUE REFERENCES messages(id) ON DELETE CASCADE,
                        ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
                        channel TEXT NOT NULL, recipient TEXT NOT NULL, status TEXT NOT NULL,
                        attempts INTEGER NOT NULL, last_error TEXT, provider_id TEXT, sent_at REAL,
                        created_at REAL NOT NULL, updated_at REAL NOT NULL
                    );
                    CREATE INDEX deliveries_ticket ON deliveries(ticket_id);
                    """)
        }
        // The email channel: how far each mailbox is read, and which ticket each mail in or out belongs to.
        migrator.registerMigration("v12-mailboxes") { db in
            try db.execute(
                sql: """
                    CREATE TABLE mailbox_positions (
                        mailbox TEXT PRIMARY KEY, uid_validity INTEGER NOT NULL, last_uid INTEGER NOT NULL,
                        updated_at REAL NOT NULL
                    );
                    CREATE TABLE email_messages (
                        id INTEGER PRIMARY KEY AUTOINCREMENT, message_id TEXT NOT NULL UNIQUE,
                        ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
                        direction TEXT NOT NULL, created_at REAL NOT NULL
                    );
                    CREATE INDEX email_messages_ticket ON email_messages(ticket_id, direction, id);
                    CREATE INDEX deliveries_provider ON deliveries(provider_id);
                    """)
        }
        // The email channel keeps what the pipeline does not read: each inbound mail's raw bytes, and its
        // attachments (metadata always, bytes up to the size limit). Keyed by message and MIME part, so storing
        // them again after a crash changes nothing.
        migrator.registerMigration("v13-mail-originals") { db in
            try db.execute(
                sql: """
                    CREATE TABLE email_originals (
                        message_id INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
                        ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
                        raw BLOB NOT NULL, size INTEGER NOT NULL, truncated INTEGER NOT NULL, created_at REAL NOT NULL
                    );
                    CREATE INDEX email_originals_ticket ON email_originals(ticket_id);
                    CREATE TABLE attachments (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
                        message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
                        part_path TEXT NOT NULL, filename TEXT, content_type TEXT NOT NULL, size INTEGER NOT NULL,
                        is_inline INTEGER NOT NULL, omitted_reason TEXT, data BLOB, created_at REAL NOT NULL,
                        UNIQUE (message_id, part_path)
                    );
                    CREATE INDEX attachments_ticket ON attachments(ticket_id, message_id);
                    """)
        }
        // Mailboxes an admin adds at run time (the config file's mailbox needs no row). The URLs carry the
        // credentials, so they are never shown back. Each mail in or out records the mailbox it went through,
        // so a reply leaves by the mailbox the customer wrote to.
        migrator.registerMigration("v14-mailbox-accounts") { db in
            try db.execute(
                sql: """
                    CREATE TABLE mailboxes (
                        id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE, address TEXT NOT NULL,
                        imap_url TEXT NOT NULL, smtp_url TEXT, enabled INTEGER NOT NULL,
                        created_at REAL NOT NULL, updated_at REAL NOT NULL
                    );
                    ALTER TABLE email_messages ADD COLUMN mailbox TEXT;
                    """)
        }
        // The inbox's full-text search over ticket subjects and message bodies.
        migrator.registerMigration("v15-search") { db in
            try db.execute(
                sql: Self.searchIndex("message_search", over: "body", of: "messages")
                    + Self.searchIndex("subject_search", over: "subject", of: "tickets")
                        + """
                        CREATE INDEX tickets_channel ON tickets(channel, id);
                        CREATE INDEX messages_author ON messages(ticket_id, author, id);
                        """)
        }
        // Webhooks that post a chat message (`slack`) instead of the signed event.
        migrator.registerMigration("v16-webhook-format") { db in
            try db.execute(
                sql: "ALTER TABLE webhook_subscriptions ADD COLUMN format TEXT NOT NULL DEFAULT 'ticketflow'")
        }
        // Where a ticket's SLA clock restarts after it was parked (`pending`, `on_hold`).
        migrator.registerMigration("v17-sla-start") { db in
            try db.execute(sql: "ALTER TABLE tickets ADD COLUMN sla_started_at REAL")
        }
        // Deactivated accounts, when people were last seen (online, for assignment), merged duplicates.
        migrator.registerMigration("v18-people-and-merges") { db in
            try db.execute(
                sql: """
                    ALTER TABLE agent_users ADD COLUMN deactivated_at REAL;
                    ALTER TABLE agent_users ADD COLUMN last_seen_at REAL;
                    ALTER TABLE tickets ADD COLUMN continued_in INTEGER;
                    """)
        }
        // Customers are matched by email without regard to case.
        migrator.registerMigration("v19-customer-email-case") { db in
            try db.execute(sql: "CREATE INDEX customers_email_lower ON customers(lower(email))")
        }
        // The checked preview of an answer being written for a chat visitor, for the node holding their socket.
        migrator.registerMigration("v20-answer-previews") { db in
            try db.execute(
                sql: """
                    CREATE TABLE answer_previews (
                        ticket_id INTEGER PRIMARY KEY REFERENCES tickets(id) ON DELETE CASCADE,
                        question_id INTEGER NOT NULL, text TEXT NOT NULL, updated_at REAL NOT NULL)
                    """)
        }
        return migrator
    }

    /// An FTS5 index over `column` of `content` (external content: the text is stored once), kept by triggers
    /// (a cascade delete fires them too) and filled from the rows already there. unicode61 folds case and
    /// diacritics.
    static func searchIndex(_ name: String, over column: String, of content: String) -> String {
        """
        CREATE VIRTUAL TABLE \(name) USING fts5(
            \(column), content='\(content)', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
        CREATE TRIGGER \(name)_insert AFTER INSERT ON \(content) BEGIN
            INSERT INTO \(name)(rowid, \(column)) VALUES (new.id, new.\(column));
        END;
        CREATE TRIGGER \(name)_delete AFTER DELETE ON \(content) BEGIN
            INSERT INTO \(name)(\(name), rowid, \(column)) VALUES ('delete', old.id, old.\(column));
        END;
        CREATE TRIGGER \(name)_update AFTER UPDATE OF \(column) ON \(content) BEGIN
            INSERT INTO \(name)(\(name), rowid, \(column)) VALUES ('delete', old.id, old.\(column));
            INSERT INTO \(name)(rowid, \(column)) VALUES (new.id, new.\(column));
        END;
        INSERT INTO \(name)(\(name)) VALUES ('rebuild');

        """
    }
}
