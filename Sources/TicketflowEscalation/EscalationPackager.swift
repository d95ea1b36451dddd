import Synchronization
import TicketflowCore

/// Builds and saves escalation packages after the ticket's commit, off the
/// intake response: awaiting the package there cost every ticket that needs
/// a person a second group commit before its answer, a third of intake's
/// throughput under concurrency. Unlike the detached task it replaced, the
/// work is owned by a service that runs beside the server: failures reach
/// `failed` (the composition root logs them), shutdown drains what is queued
/// (`finish` then the end of `run`), and tests await `idle()` instead of
/// polling. A package that is never built (a process that dies, a CLI command
/// with no runner) is rebuilt by the desk on first read, so nothing is lost.
public final class EscalationPackager: Sendable {
    /// Builds and saves packages.
    public let desk: AgentDesk
    /// Told about a package that could not be built or saved.
    let failed: @Sendable (_ ticketID: Int64, _ error: any Error) -> Void
    /// Packages saved at once, so the store can group their commits.
    let concurrency: Int
    private let stream: AsyncStream<TicketDetail>
    private let continuation: AsyncStream<TicketDetail>.Continuation
    private let outstanding = Mutex(0)

    /// A packager for `desk`; failures go to `failed`.
    public init(
        desk: AgentDesk, concurrency: Int = 16,
        failed: @escaping @Sendable (_ ticketID: Int64, _ error: any Error) -> Void = { _, _ in }
    ) {
        self.desk = desk
        self.failed = failed
        self.concurrency = max(1, concurrency)
        (stream, continuation) = AsyncStream.makeStream(of: TicketDetail.self)
    }

    /// Queues the package of a committed ticket that waits for a person; other tickets need none.
    public func submit(_ detail: TicketDetail) {
        guard ReviewQueueQuery.openStatuses.contains(detail.ticket.status) else { return }
        outstanding.withLock { $0 += 1 }
        if case .terminated = continuation.yield(detail) { outstanding.withLock { $0 -= 1 } }
    }

    /// Saves queued packages, several at a time, until `finish()` has been
    /// called and everything queued before it is saved.
    public func run() async {
        await withTaskGroup(of: Void.self) { group in
            var running = 0
            for await detail in stream {
                if running >= concurrency {
                    await group.next()
                    running -= 1
                }
                group.addTask { await self.save(detail) }
                running += 1
            }
        }
    }

    /// Stops taking packages; `run()` returns once the queued ones are saved.
    public func finish() {
        continuation.finish()
    }

    /// Packages submitted and not yet saved (or failed).
    public var pending: Int { outstanding.withLock { $0 } }

    /// Returns once every package submitted so far is saved or has failed.
    public func idle() async {
        while pending > 0 { try? await Task.sleep(for: .milliseconds(2)) }
    }

    private func save(_ detail: TicketDetail) async {
        do {
            try await desk.refreshPackage(detail)
        } catch {
            failed(detail.ticket.id, error)
        }
        outstanding.withLock { $0 -= 1 }
    }
}
