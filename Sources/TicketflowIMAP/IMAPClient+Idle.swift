// IDLE (RFC 2177): the server pushes mailbox changes instead of the client polling. The client sends IDLE,
// waits for the continuation, then for a change or its own timeout, and ends with DONE. RFC 2177 asks
// clients to re-issue IDLE at least every 29 minutes, so the timeout is the caller's choice.

import NIOCore

/// How an IDLE ended.
public struct IMAPIdleResult: Sendable, Hashable {
    /// The changes the server reported (EXISTS, RECENT, EXPUNGE, FETCH, ...); empty when the wait timed out.
    public var changes: [IMAPUntaggedResponse]

    /// Makes a result.
    public init(changes: [IMAPUntaggedResponse]) {
        self.changes = changes
    }

    /// Whether the wait ended without a change.
    public var timedOut: Bool { changes.isEmpty }

    /// The mailbox's new message count, when the server reported one.
    public var exists: UInt32? {
        changes.reduce(nil) { last, change in
            if case .exists(let count) = change { return count }
            return last
        }
    }
}

extension IMAPClient {
    /// Waits in IDLE until the selected mailbox changes (new, expunged or re-flagged mail) or `timeout` passes,
    /// then ends the IDLE. Cancelling the calling task ends it too (and then throws CancellationError).
    public func idle(timeout: Duration) async throws -> IMAPIdleResult {
        guard capabilities.contains("IDLE") else {
            throw IMAPError(.unsupported, command: "IDLE", text: "the server does not offer IDLE; poll with noop()")
        }
        try beginCommand()
        defer { endCommand() }
        let tag = takeTag()
        var changes: [IMAPUntaggedResponse] = []
        var untagged: [IMAPUntaggedResponse] = []
        var cancelled = false
        do {
            try await connection.write(Array("\(tag) IDLE\r\n".utf8))
            waitForContinuation: while true {
                switch try await connection.read() {
                case .continuation: break waitForContinuation
                case .tagged(let completion) where completion.tag == tag:
                    throw IMAPError(
                        completion.status == .bad ? .bad : .no, command: "IDLE", responseCode: completion.code,
                        text: completion.text)
                case .tagged: continue
                case .untagged(let response):
                    observe(response)
                    if Self.isChange(response) { changes.append(response) }
                }
            }
            let deadline = ContinuousClock.now + timeout
            while changes.isEmpty {
                let remaining = deadline - ContinuousClock.now
                guard remaining > .zero else { break }
                do {
                    let response = try await readCancellably(timeout: remaining, id: tag)
                    if case .untagged(let data) = response {
                        observe(data)
                        if Self.isChange(data) { changes.append(data) }
                        if case .status(.bye, let code, let text) = data {
                            throw IMAPError(.bye, command: "IDLE", responseCode: code, text: text)
                        }
                    }
                } catch let error as IMAPError where error.code == .timeout {
                    break
                } catch is CancellationError {
                    cancelled = true
                    break
                }
            }
            try await connection.write(Array("DONE\r\n".utf8))
            while true {
                switch try await connection.read() {
                case .untagged(let response):
                    observe(response)
                    untagged.append(response)
                    if Self.isChange(response) { changes.append(response) }
                case .tagged(let completion) where completion.tag == tag:
                    guard completion.status == .ok else {
                        throw IMAPError(
                            completion.status == .bad ? .bad : .no, command: "DONE", responseCode: completion.code,
                            text: completion.text)
                    }
                    if cancelled { throw CancellationError() }
                    return IMAPIdleResult(changes: changes)
                case .tagged, .continuation:
                    continue
                }
            }
        } catch let error as IMAPError where error.code == .no || error.code == .bad {
            throw error
        } catch is CancellationError where cancelled {
            throw CancellationError()
        } catch {
            throw await breakConnection(error, summary: "IDLE", untagged: untagged + changes)
        }
    }

    /// Reads the next response; cancelling the task ends the wait with CancellationError, connection intact.
    private func readCancellably(timeout: Duration, id: String) async throws -> IMAPResponse {
        let connection = self.connection
        return try await withTaskCancellationHandler {
            try await connection.read(timeout: timeout, id: id)
        } onCancel: {
            connection.cancelRead(id: id)
        }
    }

    private static func isChange(_ response: IMAPUntaggedResponse) -> Bool {
        switch response {
        case .exists, .recent, .expunge, .fetch: return true
        default: return false
        }
    }
}
