import Foundation
import Synchronization

/// How the store's writes have been going, fed by the store adapters and read
/// by `/healthz`. A store that answers reads can still fail every write (a
/// full disk, I/O errors); without this record `/healthz` said "ok" while
/// every intake got 503. One failed write makes the store degraded until the
/// next write succeeds; free space on the data directory below a minimum does
/// too, before the first write fails.
public final class StoreHealth: Sendable {
    /// Why a write failed, in the terms an operator acts on.
    public enum FailureKind: String, Sendable {
        /// SQLITE_FULL, PostgreSQL class 53 (insufficient resources).
        case diskFull = "disk_full"
        /// The operating system reported an I/O error.
        case ioError = "io_error"
        /// The database file is damaged.
        case corrupt
        /// The database or its directory cannot be written.
        case readOnly = "read_only"
        /// The database server did not answer.
        case unreachable
        /// Anything else the database refused.
        case other
    }

    /// One failed write: its kind and a short, client-safe detail (no SQL, no values).
    public struct Failure: Sendable, Equatable {
        public var kind: FailureKind
        public var detail: String
        public var at: Date

        /// A failure of `kind` with `detail`, seen `at`.
        public init(kind: FailureKind, detail: String, at: Date = Date()) {
            self.kind = kind
            self.detail = detail
            self.at = at
        }
    }

    /// What `/healthz` reports about the store's writes.
    public struct Report: Sendable, Equatable {
        /// `ok`, or `degraded` while writes fail or free space is low.
        public enum Status: String, Sendable { case ok, degraded }

        public var status: Status
        /// Why the store is degraded; nil when ok.
        public var reason: String?
        /// Writes failed since the last one that succeeded.
        public var failedWrites: Int
        /// The latest of those failures; nil once a write has succeeded again.
        public var lastFailure: Failure?
        /// Free bytes on the data directory's file system, when the store has one.
        public var freeBytes: Int64?
    }

    private struct State {
        var failedWrites = 0
        var lastFailure: Failure?
    }

    private let state = Mutex(State())
    private let freeSpace: (@Sendable () -> Int64?)?
    /// Free space below this many bytes makes the store degraded.
    public let minimumFreeBytes: Int64

    /// The default minimum free space: room for the WAL to grow and a checkpoint to finish.
    public static let defaultMinimumFreeBytes: Int64 = 64 << 20

    /// A recorder; `freeSpace` (bytes free where the database lives) is asked
    /// on each report, so a disk filling up shows before writes fail.
    public init(
        freeSpace: (@Sendable () -> Int64?)? = nil, minimumFreeBytes: Int64 = StoreHealth.defaultMinimumFreeBytes
    ) {
        self.freeSpace = freeSpace
        self.minimumFreeBytes = minimumFreeBytes
    }

    /// A write committed: the store is writable again.
    public func recordWriteSuccess() {
        state.withLock { state in
            if state.failedWrites != 0 || state.lastFailure != nil { state = State() }
        }
    }

    /// A write failed for a storage reason (not a conflict or a missing row, which are answers).
    public func recordWriteFailure(_ failure: Failure) {
        state.withLock { state in
            state.failedWrites += 1
            state.lastFailure = failure
        }
    }

    /// The current state, free space included.
    public func report() -> Report {
        let (failedWrites, lastFailure) = state.withLock { ($0.failedWrites, $0.lastFailure) }
        let free = freeSpace?()
        var reasons: [String] = []
        if let lastFailure, failedWrites > 0 {
            let count = failedWrites == 1 ? "1 write" : "\(failedWrites) writes"
            reasons.append(
                "\(count) failed since the last successful write; last: \(lastFailure.kind.rawValue) "
                    + "(\(lastFailure.detail)) at \(lastFailure.at.formatted(.iso8601))")
        }
        if let free, free < minimumFreeBytes {
            reasons.append(
                "low disk space: \(Self.megabytes(free)) free where the database lives, "
                    + "below the \(Self.megabytes(minimumFreeBytes)) minimum")
        }
        return Report(
            status: reasons.isEmpty ? .ok : .degraded, reason: reasons.isEmpty ? nil : reasons.joined(separator: "; "),
            failedWrites: failedWrites, lastFailure: failedWrites > 0 ? lastFailure : nil, freeBytes: free)
    }

    static func megabytes(_ bytes: Int64) -> String {
        "\(bytes / (1 << 20)) MiB"
    }
}

/// A store that records the health of its writes (both stores do).
public protocol StoreHealthReporting: Sendable {
    /// The store's write-health recorder.
    var health: StoreHealth { get }
}
