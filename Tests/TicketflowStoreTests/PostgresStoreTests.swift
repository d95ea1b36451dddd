import Foundation
import Testing
import TicketflowCore
import TicketflowPostgres

/// PostgreSQL-specific behaviour: URL parsing and failing cleanly when the
/// server is not there or refuses the connection. Only the last test needs a server.
@Suite struct PostgresStoreTests {
    @Test func parsesFullURLs() throws {
        let url = try PostgresURL(
            parsing: "postgresql://tf%40ops:p%2Fss@db.internal:6543/tickets%2Dprod?sslmode=require")
        #expect(
            url
                == PostgresURL(
                    username: "tf@ops", password: "p/ss", host: "db.internal", port: 6543, database: "tickets-prod",
                    sslMode: .require))
        #expect(url.redactedText.contains("***") && !url.redactedText.contains("p%2Fss"))
        #expect(try PostgresURL(parsing: url.text) == url)
        // Decoded exactly once: an encoded percent sign stays a percent sign.
        #expect(try PostgresURL(parsing: "postgres://u:a%2541@h/db").password == "a%41")
    }

    /// Found by scripts/cli_fuzz.py: a URL too broken to parse was shown whole, password and all.
    @Test func refusedURLsNeverShowThePassword() {
        for text in ["postgres://u:secret-pw@[::1", "postgres://u:secret-pw@h@st:x/db", "u:secret-pw@host"] {
            let error = #expect(throws: StoreError.self) { try PostgresURL(parsing: text) }
            let message = error?.message ?? ""
            #expect(message.contains("***@") && !message.contains("secret-pw"), "\(message)")
        }
        let bracket = #expect(throws: StoreError.self) { try PostgresURL(parsing: "postgres://u:secret-pw@[::1") }
        #expect(bracket?.message == "not a postgres:// URL: postgres://***@[::1")
    }

    @Test func defaultsSuitLoopback() throws {
        let url = try PostgresURL(parsing: "postgres://postgres@127.0.0.1/")
        #expect(url.port == 5432 && url.database == "postgres" && url.sslMode == .disable && url.password == nil)
        #expect(try PostgresURL(parsing: "postgres://app@localhost:55432/x?sslmode=prefer").sslMode == .prefer)
    }

    @Test(arguments: ["mysql://u@h/db", "postgres:///nohost", "not a url", "postgres://u@h/db?sslmode=bogus"])
    func rejectsOtherURLs(text: String) {
        #expect(throws: StoreError.self) { try PostgresURL(parsing: text) }
    }

    @Test func unreachableServerIsUnavailableNotACrash() async throws {
        // Port 1 on loopback: nothing listens there, connections are refused.
        await #expect {
            try await withPostgresStore(
                url: "postgres://postgres@127.0.0.1:1/none", requestTimeout: 1, logger: StoreFixture.quietLogger
            ) { _ in }
        } throws: { error in
            // The socket's reason, at once: not the pool's "did not answer" after the timeout.
            let error = error as? StoreError
            return error?.code == .unavailable
                && error?.message == "cannot connect to PostgreSQL at 127.0.0.1:1: Connection refused"
        }
    }

    /// A wrong database or role name gets the server's own words, not a timeout.
    @Test func wrongDatabaseOrRoleIsNamed() async throws {
        try await StoreFixture.with(.postgres) { fixture in
            let url = try PostgresURL(parsing: fixture.location)
            var wrongDatabase = url
            wrongDatabase.database = "no_such_database_\(UInt32.random(in: 0...UInt32.max))"
            var wrongRole = url
            wrongRole.username = "no_such_role"
            for (wrong, reason) in [
                (wrongDatabase, "database \"\(wrongDatabase.database)\" does not exist"),
                (wrongRole, "role \"no_such_role\" does not exist"),
            ] {
                await #expect {
                    try await withPostgresStore(url: wrong.text, requestTimeout: 5, logger: StoreFixture.quietLogger) {
                        _ in
                    }
                } throws: { error in
                    (error as? StoreError)?.message
                        == "cannot connect to PostgreSQL at \(url.host):\(url.port): \(reason)"
                }
            }
        }
    }
}
