import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One thread of its own that runs submitted jobs in order, for
/// `PasswordCheckPool`. Its own thread (not a dispatch or cooperative one) so
/// it can run at a lower scheduling priority without lowering anything else.
final class PasswordCheckThread: @unchecked Sendable {
    // Guarded by `condition`.
    private let condition = NSCondition()
    private var jobs: [@Sendable () -> Void] = []
    private var stopped = false

    /// Starts the thread; on Linux it runs `niceness` steps below normal
    /// priority, so the kernel prefers request handling whenever both want a core.
    init(name: String, niceness: Int32) {
        let thread = Thread { [self] in
            #if os(Linux)
            // On Linux the nice value is per thread, and 0 means the calling one.
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, niceness)
            #endif
            while let job = next() { job() }
        }
        thread.name = name
        thread.start()
    }

    /// Queues `job` to run on this thread.
    func submit(_ job: @escaping @Sendable () -> Void) {
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Lets the thread finish its queued jobs and exit.
    func stop() {
        condition.lock()
        stopped = true
        condition.signal()
        condition.unlock()
    }

    private func next() -> (@Sendable () -> Void)? {
        condition.lock()
        defer { condition.unlock() }
        while jobs.isEmpty && !stopped { condition.wait() }
        return jobs.isEmpty ? nil : jobs.removeFirst()
    }
}
