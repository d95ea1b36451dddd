/// Runs password checks (bcrypt, deliberately slow) with at most
/// `maximumConcurrent` at a time and at most `maximumWaiting` queued; past
/// that a check is refused at once as busy instead of piling up.
///
/// The checks run on this pool's own threads, not in the calling task:
/// bcrypt is synchronous, and on Swift's cooperative pool (one thread per
/// core, two on a small box) a few concurrent checks would stall every other
/// request. The threads also run at a lower priority (nice 10 on Linux), so
/// a core shared with request handling goes to the requests first. (Own
/// threads rather than NIOThreadPool keep TicketflowAuth free of NIO, and a
/// pool thread may change its own priority, which a shared one may not.)
public actor PasswordCheckPool {
    /// Checks that may run at once.
    public nonisolated let maximumConcurrent: Int
    /// Checks that may wait for a slot.
    public nonisolated let maximumWaiting: Int
    private let threads: [PasswordCheckThread]
    private var freeSlots: [Int]
    private var waiters: [CheckedContinuation<Int, Never>] = []

    /// A pool with `maximumConcurrent` slots (at least 1), each its own thread
    /// at `niceness`, and room for `maximumWaiting` (at least 0) to wait.
    public init(maximumConcurrent: Int, maximumWaiting: Int, niceness: Int32 = 10) {
        self.maximumConcurrent = max(1, maximumConcurrent)
        self.maximumWaiting = max(0, maximumWaiting)
        threads = (0..<self.maximumConcurrent).map {
            PasswordCheckThread(name: "password-check-\($0)", niceness: niceness)
        }
        freeSlots = Array((0..<self.maximumConcurrent).reversed())
    }

    deinit {
        for thread in threads { thread.stop() }
    }

    /// Checks running or waiting now.
    public var load: (running: Int, waiting: Int) { (maximumConcurrent - freeSlots.count, waiters.count) }

    /// Runs `check` on a pool thread once a slot is free; throws a busy
    /// `SignInRefusal` when the waiting room is full.
    public func run<T: Sendable>(_ check: @escaping @Sendable () -> T) async throws -> T {
        let slot: Int
        if let free = freeSlots.popLast() {
            slot = free
        } else {
            guard waiters.count < maximumWaiting else { throw SignInRefusal(.busy, retryAfter: 1) }
            // `release` hands its slot straight to the first waiter.
            slot = await withCheckedContinuation { waiters.append($0) }
        }
        let value = await withCheckedContinuation { continuation in
            threads[slot].submit { continuation.resume(returning: check()) }
        }
        release(slot)
        return value
    }

    private func release(_ slot: Int) {
        if waiters.isEmpty {
            freeSlots.append(slot)
        } else {
            waiters.removeFirst().resume(returning: slot)
        }
    }
}
