import GRDB
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
    private var pending: [Item] = []
    private var draining = false
    /// Largest batch per transaction, to bound commit latency.
    let maximumBatch = 256

    init(pool: DatabasePool) {
        self.pool = pool
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
            do {
                let outcomes = try await pool.write { db in
                    works.map { work in
                        Result<any Sendable, any Error> {
                            var result: (any Sendable)?
                            try db.inSavepoint {
                                result = try work(db)
                                return .commit
                            }
                            return result!
                        }
                    }
                }
                for (item, outcome) in zip(batch, outcomes) {
                    item.continuation.resume(with: outcome.mapError { error in
                        error as? StoreError ?? StoreError(.unavailable, "database write failed: \(error)")
                    })
                }
            } catch {
                // The transaction itself failed: nothing in it was committed.
                let failure = error as? StoreError ?? StoreError(.unavailable, "database write failed: \(error)")
                for item in batch { item.continuation.resume(throwing: failure) }
            }
        }
        draining = false
    }
}
