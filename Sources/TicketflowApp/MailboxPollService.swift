import Foundation
import Logging
import ServiceLifecycle
import TicketflowCore

/// Polls the configured mailbox every `email_poll_seconds`, on one node at a time, through the work queue.
///
/// Why this gives one poller however many nodes run: polls are `mailbox.poll` jobs whose dedupe key names a
/// time slot, "mailbox-<mailbox hash>-every-<interval>s-slot-<n>", slot n starting at n × interval seconds
/// since 1970. A job leased by one worker runs on that node only. After polling (successfully or not, so an
/// unreachable server cannot end the chain) the job enqueues its successor for the next slot that has not
/// started, before the queue completes it. On start, every node enqueues the slot after the current one:
/// while a chain is alive its job for that slot exists or is about to be enqueued with the same key, so the
/// two merge; when no chain is alive (a fresh database, a chain lost to a dead letter) it starts one. Two
/// chains would name the same slot as soon as each schedules its next poll, so they merge at once too.
struct MailboxPollService: Service {
    static let jobKind = "mailbox.poll"

    let poller: MailboxPoller
    let queue: any JobQueue
    let logger: Logger
    var now: @Sendable () -> Date = Date.init

    var interval: Int { poller.settings.pollSeconds }

    /// The dedupe key of the poll in slot `n`.
    func key(slot: Int64) -> String {
        let digits = String(FNV1a.hash64(Array(poller.settings.key.utf8)), radix: 16)
        return "mailbox-\(digits)-every-\(interval)s-slot-\(slot)"
    }

    /// The slot running at `date`.
    func slot(at date: Date) -> Int64 { Int64((date.timeIntervalSince1970 / Double(interval)).rounded(.down)) }

    /// Enqueues the poll of `slot` (nothing when it exists).
    func enqueue(slot: Int64) async throws {
        let runAt = Date(timeIntervalSince1970: Double(slot) * Double(interval))
        _ = try await queue.enqueue(
            NewJob(
                kind: Self.jobKind, payload: "{\"slot\":\(slot)}", ticketID: nil, runAt: runAt,
                dedupeKey: key(slot: slot), maxAttempts: 1000),
            at: now())
    }

    func run() async throws {
        // The node's start: keep trying until the queue answers, so a database down at boot delays polling only.
        while !Task.isCancelled {
            do {
                try await enqueue(slot: slot(at: now()) + 1)
                break
            } catch {
                logger.warning("cannot schedule the mailbox poll; retrying", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: .seconds(5))
            }
        }
        let worker = JobWorker.serving(
            Self.jobKind, queue: queue, leaseSeconds: 300, batchSize: 1, pollInterval: 0.5,
            backoff: RetryBackoff(baseSeconds: 5, maximumSeconds: 60), logger: logger
        ) { job in try await poll(job) }
        await worker.run(until: { try? await gracefulShutdown() }, grace: AnswerWorker.defaultShutdownGrace)
    }

    /// One poll, then the next one in the chain. Only a failure to enqueue is thrown (the queue retries the job).
    func poll(_ job: Job) async throws {
        let idle: Duration? = interval >= 10 ? .seconds(min(25, interval - 5)) : nil
        do {
            let summary = try await poller.poll(idle: idle)
            if summary != MailboxPoller.Summary() {
                logger.info(
                    "mailbox polled",
                    metadata: [
                        "opened": "\(summary.opened)", "continued": "\(summary.continued)",
                        "bounces": "\(summary.bounces)", "ignored": "\(summary.ignored)",
                    ])
            }
        } catch {
            logger.warning(
                "mailbox poll failed", metadata: ["mailbox": "\(poller.settings)", "error": "\(error)"])
        }
        struct Payload: Decodable { var slot: Int64 }
        let ran = (try? JSONDecoder().decode(Payload.self, from: Data(job.payload.utf8)).slot) ?? 0
        try await enqueue(slot: max(ran, slot(at: now())) + 1)
    }
}
