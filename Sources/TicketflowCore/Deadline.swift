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
            try await Task.sleep(for: .seconds(seconds))
            throw timeoutError()
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}
