import GRDB
import Synchronization
import TicketflowCore

/// Group commit for small writes (intake, escalation packages). With
/// `synchronous=FULL` every commit waits for an fsync, and SQLite has one
/// writer; committing each write alone caps intake at the disk's fsync rate.
/// Writes that arrive while a commit is in flight are written together in the
/// next transaction, each in its own savepoint, so one bad write fails alone
/// and every caller still gets its answer only after its write is durable.
actor WriteBatcher {
    typealias Work = @Sendable (Database) throws -> any Sendable
    typealias Item = (work: Work, continuation: CheckedContinuation<any Sendable, any Error>)

    private let pool: DatabasePool
    private let health: StoreHealth
    private var pending: [Item] = []
    private var draining = false
    /// Largest batch per transaction, to bound commit latency.
    let maximumBatch = 256

    init(pool: DatabasePool, health: StoreHealth) {
        self.pool = pool
        self.health = health
    }

    /// Runs `work` in the next group transaction and returns its result once committed.
    func submit<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let value = try await withCheckedThrowingContinuation { continuation in
            pending.append(({ db in try work(db) }, continuation))
            if !draining {
                draining = true
                Task { await drain() }
            }
        }
        return value as! T  // The continuation is resumed only with `work`'s own result.
    }

    private func drain() async {
        while !pending.isEmpty {
            let batch = Array(pending.prefix(maximumBatch))
            pending.removeFirst(batch.count)
            let works = batch.map(\.work)
            let cause = FirstStorageError()
            do {
                let (outcomes, wrote) = try await pool.write { db in
                    let before = db.totalChangesCount
                    let outcomes = works.map { work in
                        Result<any Sendable, any Error> {
                            var result: (any Sendable)?
                            try db.inSavepoint {
                                result = try work(db)
                                return .commit
                            }
                            return result!
                        }.mapError { error in cause.keep(error) }
                    }
                    return (outcomes, db.totalChangesCount > before)
                }
                // A write that failed alone in its savepoint is a failed write even
                // though the batch committed; a batch of replays that stored
                // nothing proves nothing either way.
                if cause.error != nil || wrote { SQLiteStore.record(cause.error, in: health) }
                for (item, outcome) in zip(batch, outcomes) {
                    item.continuation.resume(
                        with: outcome.mapError { error in
                            error is any StoreAnswer
                                ? error : StoreError(.unavailable, "database write failed: \(error)")
                        })
                }
            } catch {
                // The transaction itself failed: nothing in it was committed. SQLite
                // rolls the whole transaction back on SQLITE_FULL or an I/O error,
                // and the commit then reports only "Transaction was aborted": the
                // write's own error says what happened.
                let error = cause.error ?? error
                SQLiteStore.record(error, in: health)
                let failure: any Error =
                    error is any StoreAnswer
                    ? error : StoreError(.unavailable, "database write failed: \(error)")
                for item in batch { item.continuation.resume(throwing: failure) }
            }
        }
        draining = false
    }
}

/// The first storage error (not a StoreError answer) in one group transaction.
private final class FirstStorageError: Sendable {
    private let first = Mutex<(any Error)?>(nil)

    /// Keeps `error` if it is the first storage error, and returns it unchanged.
    func keep(_ error: any Error) -> any Error {
        if !(error is any StoreAnswer) { first.withLock { if $0 == nil { $0 = error } } }
        return error
    }

    var error: (any Error)? { first.withLock { $0 } }
}
