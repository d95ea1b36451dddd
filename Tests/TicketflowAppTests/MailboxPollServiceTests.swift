import Foundation
import Testing
import TicketflowCore
import TicketflowTesting

@testable import TicketflowApp

/// The one-poller scheme on the work queue: however many nodes start, and whenever, there is one pending
/// `mailbox.poll` job per mailbox, and a poll that fails (server unreachable) still schedules the next.
@Suite struct MailboxPollServiceTests {
    @Test func nodesAndPollsShareOneChain() async throws {
        let port = try await UnusedPort.loopback()
        try await withTemporaryDirectory { directory in
            let services = try await TestApp.services(dataDirectory: directory) { configuration in
                configuration.emailFrom = "support@example.test"
                configuration.smtpURL = "smtp+plain://127.0.0.1:\(port)"
                configuration.imapURL = "imap+plain://support:secret@127.0.0.1:\(port)/INBOX"
                configuration.emailPollSeconds = 30
            }
            let poller = try #require(try services.mailboxPoller(logger: TestApp.logger))
            let t0 = Date(timeIntervalSince1970: 1_800_000_010)  // 10 s into a 30 s slot
            func node(at date: Date) -> MailboxPollService {
                var service = MailboxPollService(poller: poller, queue: services.store, logger: TestApp.logger)
                service.now = { date }
                return service
            }
            func pending() async throws -> [Job] {
                try await services.store.claimJobs(
                    worker: "probe", kinds: [MailboxPollService.jobKind], leaseSeconds: 1, limit: 10,
                    at: .distantFuture)
            }
            let first = node(at: t0)
            let slot = first.slot(at: t0)
            try await first.enqueue(slot: slot + 1)
            try await node(at: t0.addingTimeInterval(15)).enqueue(slot: first.slot(at: t0.addingTimeInterval(15)) + 1)
            #expect(try await services.store.jobStats()[.pending] == 1, "two nodes started in one slot")

            // The chain's job runs in its slot; the poll fails (nothing listens) and the next slot is queued.
            let runAt = Date(timeIntervalSince1970: Double(slot + 1) * 30 + 2)
            let claimed = try await services.store.claimJobs(
                worker: "node-a", kinds: [MailboxPollService.jobKind], leaseSeconds: 60, limit: 10, at: runAt)
            let job = try #require(claimed.first)
            #expect(claimed.count == 1 && job.dedupeKey == first.key(slot: slot + 1))
            try await node(at: runAt).poll(job)
            _ = try await services.store.completeJob(id: job.id, leaseToken: job.leaseToken ?? "", at: runAt)
            // A node starting now names the same next slot: still one chain.
            try await node(at: runAt.addingTimeInterval(5)).enqueue(slot: first.slot(at: runAt) + 1)
            let next = try await pending()
            #expect(next.count == 1 && next.first?.dedupeKey == first.key(slot: slot + 2))
            #expect(next.first?.runAt == Date(timeIntervalSince1970: Double(slot + 2) * 30))
        }
    }
}
