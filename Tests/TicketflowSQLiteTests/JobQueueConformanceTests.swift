import Foundation
import Testing
import TicketflowCore

/// The work-queue contract on both stores. Time is passed in, so lease
/// expiry and retry schedules are tested without sleeping.
@Suite struct JobQueueConformanceTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    static func at(_ seconds: Double) -> Date { t0.addingTimeInterval(seconds) }

    static func job(_ kind: String = "answer.llm", runAt: Double = 0, key: String? = nil, maxAttempts: Int = 3) -> NewJob {
        NewJob(kind: kind, payload: #"{"ticket":1}"#, ticketID: 1, runAt: at(runAt), dedupeKey: key, maxAttempts: maxAttempts)
    }

    @Test(arguments: StoreKind.allCases) func enqueueIsIdempotentByDedupeKey(kind: StoreKind) async throws {
        try await withStore(kind) { queue in
            let first = try await queue.enqueue(Self.job(key: "answer:1"), at: Self.t0)
            let again = try await queue.enqueue(Self.job("other.kind", key: "answer:1"), at: Self.at(5))
            let unkeyed = try await queue.enqueue(Self.job(), at: Self.t0)
            #expect(first.created && !again.created && unkeyed.created)
            #expect(again.job == first.job)
            #expect(first.job.state == .pending && first.job.attempts == 0 && first.job.payload == #"{"ticket":1}"#)
            #expect(try await queue.jobStats()[.pending] == 2)
            #expect(try await queue.job(id: unkeyed.job.id)?.dedupeKey == nil)
        }
    }

    @Test(arguments: StoreKind.allCases) func claimsDueJobsOfItsKindsOldestFirst(kind: StoreKind) async throws {
        try await withStore(kind) { queue in
            let late = try await queue.enqueue(Self.job(runAt: 10), at: Self.t0).job
            let early = try await queue.enqueue(Self.job(runAt: 1), at: Self.t0).job
            let future = try await queue.enqueue(Self.job(runAt: 100), at: Self.t0).job
            _ = try await queue.enqueue(Self.job("qa.review"), at: Self.t0)
            let claimed = try await queue.claimJobs(
                worker: "n1", kinds: ["answer.llm"], leaseSeconds: 30, limit: 10, at: Self.at(20))
            #expect(claimed.map(\.id) == [early.id, late.id])
            #expect(claimed.allSatisfy {
                $0.state == .leased && $0.attempts == 1 && $0.leaseOwner == "n1" && $0.leaseToken != nil
                    && $0.leaseExpiresAt == Self.at(50)
            })
            #expect(try await queue.job(id: future.id)?.state == .pending)
            #expect(try await queue.claimJobs(worker: "n1", kinds: [], leaseSeconds: 30, limit: 10, at: Self.at(20)).isEmpty)
            let stats = try await queue.jobStats()
            #expect(stats == [.pending: 2, .leased: 2, .done: 0, .dead: 0])
        }
    }

    @Test(arguments: StoreKind.allCases) func expiredLeaseIsRedelivered(kind: StoreKind) async throws {
        try await withStore(kind) { queue in
            let id = try await queue.enqueue(Self.job(), at: Self.t0).job.id
            let first = try #require(try await queue.claimJobs(
                worker: "crashed", kinds: ["answer.llm"], leaseSeconds: 30, limit: 1, at: Self.at(1)).first)
            // Still leased: nobody else gets it.
            #expect(try await queue.claimJobs(worker: "n2", kinds: ["answer.llm"], leaseSeconds: 30, limit: 1, at: Self.at(30)).isEmpty)
            let second = try #require(try await queue.claimJobs(
                worker: "n2", kinds: ["answer.llm"], leaseSeconds: 30, limit: 1, at: Self.at(31)).first)
            #expect(second.id == id && second.attempts == 2 && second.leaseOwner == "n2")
            #expect(second.leaseToken != first.leaseToken)
            // The node that lost its lease cannot settle the job any more.
            #expect(try await !queue.completeJob(id: id, leaseToken: first.leaseToken!, at: Self.at(32)))
            #expect(try await queue.failJob(id: id, leaseToken: first.leaseToken!, error: "late", retryAt: Self.at(40), at: Self.at(32)) == nil)
            #expect(try await queue.completeJob(id: id, leaseToken: second.leaseToken!, at: Self.at(33)))
            #expect(try await !queue.completeJob(id: id, leaseToken: second.leaseToken!, at: Self.at(34)))
            #expect(try await queue.job(id: id)?.state == .done)
            #expect(try await queue.jobStats()[.leased] == 0)
        }
    }

    @Test(arguments: StoreKind.allCases) func releasedJobIsClaimableAtOnceWithoutLosingAnAttempt(kind: StoreKind) async throws {
        try await withStore(kind) { queue in
            let id = try await queue.enqueue(Self.job(maxAttempts: 1), at: Self.t0).job.id
            let lease = try #require(try await queue.claimJobs(
                worker: "stopping", kinds: ["answer.llm"], leaseSeconds: 120, limit: 1, at: Self.at(1)).first)
            #expect(lease.attempts == 1)
            // A node shutting down gives the job back instead of leaving it to the lease expiry.
            #expect(try await queue.releaseJob(id: id, leaseToken: lease.leaseToken!, at: Self.at(2)))
            let released = try #require(try await queue.job(id: id))
            #expect(released.state == .pending && released.attempts == 0 && released.runAt == Self.at(2))
            #expect(released.leaseOwner == nil && released.leaseToken == nil && released.leaseExpiresAt == nil)
            // Another worker claims it in the same second, long before the old lease (121 s) ran out,
            // and its single attempt is still there: a release is not a failure.
            let taken = try #require(try await queue.claimJobs(
                worker: "n2", kinds: ["answer.llm"], leaseSeconds: 120, limit: 1, at: Self.at(2)).first)
            #expect(taken.id == id && taken.leaseOwner == "n2" && taken.attempts == 1)
            // The stale token can neither release nor settle the job again.
            #expect(try await !queue.releaseJob(id: id, leaseToken: lease.leaseToken!, at: Self.at(3)))
            #expect(try await !queue.completeJob(id: id, leaseToken: lease.leaseToken!, at: Self.at(3)))
            #expect(try await queue.completeJob(id: id, leaseToken: taken.leaseToken!, at: Self.at(4)))
            #expect(try await !queue.releaseJob(id: id, leaseToken: taken.leaseToken!, at: Self.at(5)))
            #expect(try await queue.job(id: id)?.state == .done)
        }
    }

    @Test(arguments: StoreKind.allCases) func concurrentClaimersNeverShareAJob(kind: StoreKind) async throws {
        try await withStore(kind) { queue in
            var ids: Set<Int64> = []
            for _ in 0..<60 { ids.insert(try await queue.enqueue(Self.job(), at: Self.t0).job.id) }
            let claims = try await withThrowingTaskGroup(of: [Int64].self) { group in
                for worker in 0..<6 {
                    group.addTask {
                        var mine: [Int64] = []
                        while true {
                            let batch = try await queue.claimJobs(
                                worker: "w\(worker)", kinds: ["answer.llm"], leaseSeconds: 300, limit: 4, at: Self.at(1))
                            if batch.isEmpty { return mine }
                            mine += batch.map(\.id)
                        }
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(claims.count == 60)
            #expect(Set(claims) == ids)
        }
    }

    @Test(arguments: StoreKind.allCases) func failuresRetryThenDeadLetter(kind: StoreKind) async throws {
        try await withStore(kind) { queue in
            let id = try await queue.enqueue(Self.job(maxAttempts: 2), at: Self.t0).job.id
            var lease = try #require(try await queue.claimJobs(
                worker: "n1", kinds: ["answer.llm"], leaseSeconds: 30, limit: 1, at: Self.at(1)).first)
            #expect(try await queue.failJob(id: id, leaseToken: lease.leaseToken!, error: "timeout", retryAt: Self.at(11), at: Self.at(2)) == .pending)
            // Not before its retry time.
            #expect(try await queue.claimJobs(worker: "n1", kinds: ["answer.llm"], leaseSeconds: 30, limit: 1, at: Self.at(10)).isEmpty)
            lease = try #require(try await queue.claimJobs(
                worker: "n1", kinds: ["answer.llm"], leaseSeconds: 30, limit: 1, at: Self.at(11)).first)
            #expect(lease.attempts == 2 && lease.lastError == "timeout")
            #expect(try await queue.failJob(id: id, leaseToken: lease.leaseToken!, error: "HTTP 500", retryAt: Self.at(30), at: Self.at(12)) == .dead)
            #expect(try await queue.claimJobs(worker: "n1", kinds: ["answer.llm"], leaseSeconds: 30, limit: 1, at: Self.at(100)).isEmpty)
            let dead = try await queue.deadLetterJobs(limit: 10)
            #expect(dead.map(\.id) == [id] && dead.first?.lastError == "HTTP 500" && dead.first?.leaseToken == nil)
            #expect(try await queue.jobStats() == [.pending: 0, .leased: 0, .done: 0, .dead: 1])
        }
    }

    @Test(arguments: StoreKind.allCases) func jobThatKillsEveryWorkerIsDeadLettered(kind: StoreKind) async throws {
        try await withStore(kind) { queue in
            let id = try await queue.enqueue(Self.job(maxAttempts: 1), at: Self.t0).job.id
            #expect(try await queue.claimJobs(worker: "n1", kinds: ["answer.llm"], leaseSeconds: 30, limit: 1, at: Self.at(1)).count == 1)
            // Its one attempt's lease ran out (the node died): dead-lettered, not re-leased.
            #expect(try await queue.claimJobs(worker: "n2", kinds: ["answer.llm"], leaseSeconds: 30, limit: 1, at: Self.at(60)).isEmpty)
            #expect(try await queue.job(id: id)?.state == .dead)
            #expect(try await queue.job(id: id)?.lastError == "lease expired on every attempt")
        }
    }

    @Test(arguments: StoreKind.allCases) func requeueRevivesOnlyDeadJobs(kind: StoreKind) async throws {
        try await withStore(kind) { queue in
            let id = try await queue.enqueue(Self.job(maxAttempts: 1), at: Self.t0).job.id
            #expect(try await !queue.requeueJob(id: id, runAt: Self.at(0), at: Self.at(0)))
            let lease = try #require(try await queue.claimJobs(
                worker: "n1", kinds: ["answer.llm"], leaseSeconds: 30, limit: 1, at: Self.at(1)).first)
            #expect(try await queue.failJob(id: id, leaseToken: lease.leaseToken!, error: "bad", retryAt: Self.at(2), at: Self.at(2)) == .dead)
            #expect(try await queue.requeueJob(id: id, runAt: Self.at(50), at: Self.at(40)))
            #expect(try await !queue.requeueJob(id: 999_999, runAt: Self.at(50), at: Self.at(40)))
            let revived = try #require(try await queue.job(id: id))
            #expect(revived.state == .pending && revived.attempts == 0 && revived.runAt == Self.at(50))
            #expect(try await queue.deadLetterJobs(limit: 10).isEmpty)
            let again = try await queue.claimJobs(worker: "n1", kinds: ["answer.llm"], leaseSeconds: 30, limit: 1, at: Self.at(50))
            #expect(again.map(\.id) == [id])
            #expect(try await queue.completeJob(id: id, leaseToken: again[0].leaseToken!, at: Self.at(51)))
        }
    }
}

/// Version counters that carry knowledge-base and model changes to every node.
@Suite struct ChangeFeedConformanceTests {
    @Test(arguments: StoreKind.allCases) func concurrentBumpsEachGetTheirOwnVersion(kind: StoreKind) async throws {
        try await withStore(kind) { feed in
            #expect(try await feed.changeVersions().isEmpty)
            let versions = try await withThrowingTaskGroup(of: Int64.self) { group in
                for _ in 0..<10 { group.addTask { try await feed.bumpVersion(of: "knowledge", at: Date()) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(versions.sorted() == Array(1...10))
            #expect(try await feed.bumpVersion(of: "model.triage", at: Date()) == 1)
            #expect(try await feed.changeVersions() == ["knowledge": 10, "model.triage": 1])
        }
    }

    @Test func trackerReportsOnlyTopicsThatMoved() {
        var tracker = ChangeTracker(seen: ["knowledge": 3])
        #expect(tracker.changedTopics(in: ["knowledge": 3]).isEmpty)
        #expect(tracker.changedTopics(in: ["knowledge": 4, "model.triage": 1]) == ["knowledge", "model.triage"])
        #expect(tracker.changedTopics(in: ["knowledge": 4, "model.triage": 1]).isEmpty)
        #expect(tracker.seen == ["knowledge": 4, "model.triage": 1])
    }
}
