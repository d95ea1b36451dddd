/// Runs `operation`, throwing `timeoutError()` if it has not finished within
/// `seconds` (the operation is cancelled then). For waits a library timeout
/// does not cover: a slow-drip response body, a pool waiting for a server.
public func withDeadline<T: Sendable>(
    seconds: Double, orThrow timeoutError: @autoclosure @escaping @Sendable () -> any Error,
    _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            // Task.sleep traps past UInt64 nanoseconds (584 years), on infinity and NaN; no wait here is meant
            // to be longer than a year.
            let year = 365.0 * 86_400
            try await Task.sleep(for: .seconds(seconds.isFinite ? min(max(seconds, 0), year) : year))
            throw timeoutError()
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}
