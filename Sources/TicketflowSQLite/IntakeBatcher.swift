import GRDB
import TicketflowCore

/// Group commit for intake. With `synchronous=FULL` every commit waits for an
/// fsync, and SQLite has one writer; committing each ticket alone caps intake
/// at the disk's fsync rate. Tickets that arrive while a commit is in flight
/// are written together in the next transaction, each in its own savepoint,
/// so one bad ticket fails alone and every caller still gets its answer only
/// after its ticket is durable. Nothing here is shared with readers.
actor IntakeBatcher {
    typealias Item = (intake: TicketIntake, continuation: CheckedContinuation<IntakeResult, any Error>)

    private let pool: DatabasePool
    private let write: @Sendable (Database, TicketIntake) throws -> IntakeResult
    private var pending: [Item] = []
    private var draining = false
    /// Largest batch per transaction, to bound commit latency.
    let maximumBatch = 256

    init(pool: DatabasePool, write: @escaping @Sendable (Database, TicketIntake) throws -> IntakeResult) {
        self.pool = pool
        self.write = write
    }

    func submit(_ intake: TicketIntake) async throws -> IntakeResult {
        try await withCheckedThrowingContinuation { continuation in
            pending.append((intake, continuation))
            if !draining {
                draining = true
                Task { await drain() }
            }
        }
    }

    private func drain() async {
        while !pending.isEmpty {
            let batch = Array(pending.prefix(maximumBatch))
            pending.removeFirst(batch.count)
            let intakes = batch.map(\.intake)
            let write = self.write
            do {
                let outcomes = try await pool.write { db in
                    intakes.map { intake in
                        Result<IntakeResult, any Error> {
                            var result: IntakeResult?
                            try db.inSavepoint {
                                result = try write(db, intake)
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
