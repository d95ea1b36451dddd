import Foundation
import Logging
import ServiceLifecycle
import TicketflowCore

/// Polls every mailbox (the configuration file's and the enabled ones admins added) every
/// `email_poll_seconds`, each on one node at a time, through the work queue.
///
/// Why this gives one poller per mailbox however many nodes run: polls are `mailbox.poll` jobs whose dedupe
/// key names the mailbox and a time slot, "mailbox-<mailbox hash>-every-<interval>s-slot-<n>", slot n starting
/// at n × interval seconds since 1970. A job leased by one worker runs on that node only. After polling
/// (successfully or not, so an unreachable server cannot end the chain) the job enqueues its successor for
/// the next slot that has not started, before the queue completes it. Every node enqueues, for each mailbox
/// it knows, the slot after the current one, at start and at each refresh: while a chain is alive its job
/// for that slot exists or is about to be enqueued with the same key, so the two merge; when no chain is
/// alive (a mailbox just added, a fresh database, a chain lost to a dead letter) it starts one. A mailbox
/// changed in the last minute also gets the current slot, so it is polled within `refreshSeconds`.
///
/// Admin changes need no restart: the directory is read again every `refreshSeconds`. A job whose mailbox
/// was deleted or disabled, or whose IMAP URL changed (the hash names the URL's user, server and folder, so
/// the new URL has a chain of its own), polls nothing and schedules nothing: that chain ends.
struct MailboxPollService: Service {
    static let jobKind = "mailbox.poll"

    let directory: MailboxDirectory
    let queue: any JobQueue
    let logger: Logger
    /// Seconds between polls of each mailbox (`email_poll_seconds`).
    let interval: Int
    /// Seconds between readings of the admin mailboxes.
    var refreshSeconds = 5.0
    var now: @Sendable () -> Date = Date.init

    /// The service of the configured mailbox alone.
    init(poller: MailboxPoller, queue: any JobQueue, logger: Logger) {
        self.init(
            directory: MailboxDirectory(configured: poller), queue: queue, logger: logger,
            interval: poller.settings.pollSeconds)
    }

    /// The service of every mailbox in `directory`.
    init(directory: MailboxDirectory, queue: any JobQueue, logger: Logger, interval: Int) {
        self.directory = directory
        self.queue = queue
        self.logger = logger
        self.interval = interval
    }

    /// The dedupe key of the poll of `mailbox` in slot `n`. The configured mailbox's hash is of its key alone
    /// (as before admin mailboxes existed, so an upgrade continues its chain); an admin mailbox's also names it.
    func key(slot: Int64, mailbox: InboundEmailSettings) -> String {
        let identity =
            mailbox.name == MailboxAccount.configuredName ? mailbox.key : "\(mailbox.name)|\(mailbox.key)"
        let digits = String(FNV1a.hash64(Array(identity.utf8)), radix: 16)
        return "mailbox-\(digits)-every-\(interval)s-slot-\(slot)"
    }

    /// The slot running at `date`.
    func slot(at date: Date) -> Int64 { Int64((date.timeIntervalSince1970 / Double(interval)).rounded(.down)) }

    /// The job payload: the slot, and the mailbox with the key its poller reads (so a job of a changed
    /// mailbox is recognised as another chain's).
    struct Payload: Codable {
        var slot: Int64
        var mailbox: String?
        var key: String?
    }

    /// Enqueues the poll of `mailbox` in `slot` (nothing when it exists).
    func enqueue(slot: Int64, mailbox: InboundEmailSettings) async throws {
        let runAt = Date(timeIntervalSince1970: Double(slot) * Double(interval))
        let payload = try JSONEncoder().encode(Payload(slot: slot, mailbox: mailbox.name, key: mailbox.key))
        _ = try await queue.enqueue(
            NewJob(
                kind: Self.jobKind, payload: String(decoding: payload, as: UTF8.self), ticketID: nil, runAt: runAt,
                dedupeKey: key(slot: slot, mailbox: mailbox), maxAttempts: 1000),
            at: now())
    }

    /// The dedupe key of the configuration file's mailbox's poll in slot `n`.
    func key(slot: Int64) -> String {
        directory.configured.map { key(slot: slot, mailbox: $0.settings) } ?? ""
    }

    /// Enqueues the poll of every mailbox the directory holds in `slot`.
    func enqueue(slot: Int64) async throws {
        for (poller, _) in await directory.pollers { try await enqueue(slot: slot, mailbox: poller.settings) }
    }

    /// Keeps a chain alive for every mailbox the directory holds (see the type's comment).
    func schedule() async throws {
        let date = now()
        let next = slot(at: date) + 1
        for (poller, changedAt) in await directory.pollers {
            if let changedAt, date.timeIntervalSince(changedAt) < 60 {
                try await enqueue(slot: next - 1, mailbox: poller.settings)
            }
            try await enqueue(slot: next, mailbox: poller.settings)
        }
    }

    func run() async throws {
        // The node's start: keep trying until the store answers, so a database down at boot delays polling only.
        while !Task.isCancelled {
            do {
                try await directory.refresh()
                try await schedule()
                break
            } catch {
                logger.warning("cannot schedule the mailbox polls; retrying", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: .seconds(5))
            }
        }
        // Several mailboxes poll at once (each may wait in IDLE for most of its interval).
        let worker = JobWorker.serving(
            Self.jobKind, queue: queue, leaseSeconds: 300, batchSize: 16, pollInterval: 0.5,
            backoff: RetryBackoff(baseSeconds: 5, maximumSeconds: 60), logger: logger
        ) { job in try await poll(job) }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await worker.run(until: { try? await gracefulShutdown() }, grace: AnswerWorker.defaultShutdownGrace)
            }
            group.addTask { await refreshLoop() }
            await group.next()
            group.cancelAll()
        }
    }

    /// Reads the admin mailboxes every `refreshSeconds` and schedules their chains, until cancelled.
    func refreshLoop() async {
        while (try? await Task.sleep(for: .seconds(refreshSeconds))) != nil {
            do {
                try await directory.refresh()
                try await schedule()
            } catch {
                logger.warning("cannot read the mailboxes; retrying", metadata: ["error": "\(error)"])
            }
        }
    }

    /// One poll, then the next one in the chain. Only a failure to enqueue is thrown (the queue retries the job).
    func poll(_ job: Job) async throws {
        let payload = (try? JSONDecoder().decode(Payload.self, from: Data(job.payload.utf8))) ?? Payload(slot: 0)
        let name = payload.mailbox ?? MailboxAccount.configuredName
        guard let poller = try await directory.poller(named: name),
            payload.key == nil || payload.key == poller.settings.key
        else {
            logger.info("mailbox removed, turned off or changed; its polls stop", metadata: ["mailbox": "\(name)"])
            return
        }
        let idle: Duration? = interval >= 10 ? .seconds(min(25, interval - 5)) : nil
        do {
            let summary = try await poller.poll(idle: idle)
            if summary != MailboxPoller.Summary() {
                logger.info(
                    "mailbox polled",
                    metadata: [
                        "mailbox": "\(name)", "opened": "\(summary.opened)", "continued": "\(summary.continued)",
                        "bounces": "\(summary.bounces)", "ignored": "\(summary.ignored)",
                    ])
            }
        } catch {
            logger.warning(
                "mailbox poll failed", metadata: ["mailbox": "\(poller.settings)", "error": "\(error)"])
        }
        try await enqueue(slot: max(payload.slot, slot(at: now())) + 1, mailbox: poller.settings)
    }
}
