import Foundation
import Testing
import TicketflowCore
import TicketflowTesting

@testable import TicketflowApp

/// The poll chains of admin mailboxes follow the store without a restart: a new mailbox gets a chain (polled
/// in the current slot, since it just changed), several nodes merge into one, a new IMAP URL starts a chain of
/// its own and ends the old one, and a turned-off or deleted mailbox's chain ends at its next job. The
/// server is unreachable here, which also shows that a failed poll keeps the chain going.
@Suite struct MailboxChainTests {
    @Test func chainsFollowTheMailboxesAdminsChange() async throws {
        let (port, other) = (try await UnusedPort.loopback(), try await UnusedPort.loopback())
        try await withTemporaryDirectory { dir in
            let services = try await TestApp.services(dataDirectory: dir) { $0.emailPollSeconds = 30 }
            let store = services.store
            let directory = try services.mailboxDirectory(logger: TestApp.logger)
            func node(at date: Date) -> MailboxPollService {
                var service = MailboxPollService(
                    directory: directory, queue: store, logger: TestApp.logger, interval: 30)
                service.now = { date }
                return service
            }
            func pending() async throws -> Int { try await store.jobStats()[.pending] ?? 0 }
            /// Claims what is due at `date`, runs each poll as the worker would, and completes it.
            func runDue(at date: Date) async throws -> [Job] {
                let jobs = try await store.claimJobs(
                    worker: "node-a", kinds: [MailboxPollService.jobKind], leaseSeconds: 60, limit: 10, at: date)
                for job in jobs {
                    try await node(at: date).poll(job)
                    _ = try await store.completeJob(id: job.id, leaseToken: job.leaseToken ?? "", at: date)
                }
                return jobs
            }
            let t0 = Date(timeIntervalSince1970: 1_800_000_010)  // 10 s into slot n of 30 s
            let n = node(at: t0).slot(at: t0)
            func time(slot: Int64, plus seconds: Double = 1) -> Date {
                Date(timeIntervalSince1970: Double(slot) * 30 + seconds)
            }

            var sales = try await store.createMailboxAccount(
                NewMailboxAccount(
                    name: "sales", address: "sales@example.test",
                    imapURL: "imap+plain://sales:secret@127.0.0.1:\(port)/INBOX"),
                at: t0)
            try await directory.refresh()
            try await node(at: t0).schedule()
            try await node(at: t0.addingTimeInterval(5)).schedule()
            #expect(try await pending() == 2, "slots n (just added) and n + 1, however many nodes schedule")
            let first = try await runDue(at: t0)
            #expect(first.count == 1 && first.first?.payload.contains("\"mailbox\":\"sales\"") == true)
            #expect(try await pending() == 1, "the failed poll queued slot n + 1, which existed")

            // A new IMAP URL: a chain of its own; the old chain's job polls nothing and ends.
            let oldKey = try #require(await directory.pollers.first?.poller.settings)
            sales.imapURL = "imap+plain://sales:secret@127.0.0.1:\(other)/Archive"
            sales.updatedAt = t0.addingTimeInterval(15)
            #expect(try await store.saveMailboxAccount(sales))
            try await directory.refresh()
            try await node(at: t0.addingTimeInterval(15)).schedule()
            #expect(try await pending() == 3)
            let moved = try await runDue(at: time(slot: n + 1))
            #expect(moved.count == 3)
            let newSettings = try #require(await directory.pollers.first?.poller.settings)
            #expect(newSettings.key != oldKey.key && newSettings.folder == "Archive")
            let next = try await store.claimJobs(
                worker: "probe", kinds: [MailboxPollService.jobKind], leaseSeconds: 1, limit: 10,
                at: time(slot: n + 2))
            #expect(next.map(\.dedupeKey) == [node(at: t0).key(slot: n + 2, mailbox: newSettings)])
            for job in next { _ = try await store.releaseJob(id: job.id, leaseToken: job.leaseToken ?? "", at: t0) }

            // Turned off: its next job polls nothing and schedules nothing; scheduling adds nothing either.
            sales.enabled = false
            #expect(try await store.saveMailboxAccount(sales))
            #expect(try await runDue(at: time(slot: n + 2)).count == 1)
            try await node(at: time(slot: n + 2)).schedule()
            #expect(try await pending() == 0)

            // Turned on again: scheduled at once; deleted: that chain ends too.
            sales.enabled = true
            sales.updatedAt = time(slot: n + 2, plus: 2)
            #expect(try await store.saveMailboxAccount(sales))
            try await directory.refresh()
            try await node(at: time(slot: n + 2, plus: 2)).schedule()
            #expect(try await pending() == 1)
            #expect(try await store.deleteMailboxAccount(id: sales.id))
            #expect(try await runDue(at: time(slot: n + 3)).count == 1)
            #expect(try await pending() == 0)
            #expect(await directory.pollers.isEmpty)

            // A stored URL the parsers refuse (as after a configuration change): not polled, no chain.
            _ = try await store.createMailboxAccount(
                NewMailboxAccount(
                    name: "broken", address: "b@example.test", imapURL: "imap+plain://b:pw@imap.example.test/INBOX"),
                at: time(slot: n + 3))
            try await directory.refresh()
            try await node(at: time(slot: n + 3)).schedule()
            #expect(await directory.pollers.isEmpty)
            #expect(try await directory.poller(named: "broken") == nil)
            #expect(try await pending() == 0)
        }
    }
}
