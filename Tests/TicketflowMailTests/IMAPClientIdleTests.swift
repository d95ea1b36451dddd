import TicketflowTesting
import Foundation
import Testing

@testable import TicketflowIMAP

/// IDLE against the real Dovecot: woken by another connection's APPEND, timing out cleanly, and cancellable.
@Suite struct IMAPClientIdleTests {
    let servers: MailServers

    init() throws {
        servers = try MailServers.running()
    }

    @Test func idleWakesWhenAnotherConnectionAppends() async throws {
        let watcher = try await servers.imapClient()
        let folder = try await watcher.createTestFolder("idle")
        let start = try await watcher.select(folder)
        // A second session on the same account, as a mail client or delivery agent would be.
        let sender = try await servers.imapClient()

        let appended = Task {
            try await Task.sleep(for: .milliseconds(500))
            let uid = try await sender.append(folder: folder, message: imapTestMessage("wake up"))
            return (uid, ContinuousClock.now)
        }
        let result = try await watcher.idle(timeout: .seconds(30))
        let woke = ContinuousClock.now
        let (uid, appendedAt) = try await appended.value
        #expect(!result.timedOut)
        #expect(result.exists == 1)
        // Well under Dovecot's 30 s fallback check (mailbox_idle_check_interval): the server pushed the change.
        #expect(woke - appendedAt < .seconds(5))

        // The connection is back in normal mode: the new mail is fetchable at once.
        let fetched = try await watcher.fetchMessages(from: try #require(start.uidNext))
        #expect(fetched.messages.map(\.uid) == [try #require(uid)])
        #expect(fetched.messages.first?.raw == imapTestMessage("wake up"))
        try await watcher.logout()
        try await sender.logout()
    }

    @Test func idleTimesOutCleanlyWhenNothingArrives() async throws {
        let client = try await servers.imapClient()
        let folder = try await client.createTestFolder("quiet")
        _ = try await client.select(folder)
        let began = ContinuousClock.now
        let result = try await client.idle(timeout: .seconds(1))
        let took = ContinuousClock.now - began
        #expect(result.timedOut)
        #expect(result.exists == nil)
        #expect(took >= .seconds(1) && took < .seconds(10))
        // DONE was answered: the next command works on the same connection.
        try await client.append(folder: folder, message: imapTestMessage("after idle"))
        #expect(try await client.select(folder).exists == 1)
        try await client.logout()
    }

    @Test func cancellingIdleEndsItAndKeepsTheConnection() async throws {
        let client = try await servers.imapClient()
        let folder = try await client.createTestFolder("cancel")
        _ = try await client.select(folder)
        let began = ContinuousClock.now
        let idling = Task { try await client.idle(timeout: .seconds(60)) }
        try await Task.sleep(for: .milliseconds(300))
        idling.cancel()
        await #expect(throws: CancellationError.self) { try await idling.value }
        #expect(ContinuousClock.now - began < .seconds(10))
        #expect(try await client.select(folder).exists == 0)
        try await client.logout()
    }
}
