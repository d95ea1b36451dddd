import GRDB

extension SQLiteStore {
    /// Versioned schema. Never edit a shipped migration: add a new one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-tickets") { db in
            try db.execute(sql: """
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
        return migrator
    }
}
