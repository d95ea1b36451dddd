import Foundation
import Testing
import TicketflowCore

/// The work-queue contract on both stores. Time is passed in, so lease
/// expiry and retry schedules are tested without sleeping.
@Suite struct JobQueueConformanceTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    static func at(_ seconds: Double) -> Date { t0.addingTimeInterval(seconds) }

    static func job(
        _ kind: String = "answer.llm", runAt: Double = 0, key: String? = nil, maxAttempts: Int = 3
    ) -> NewJob {
        NewJob(
            kind: kind, payload: #"{"ticket":1}"#, ticketID: 1, runAt: at(runAt), dedupeKey: key,
            maxAttempts: maxAttempts)
    }

    /// A claim with the suite's usual lease (30 s), for the newer tests.
    static func claim(
        _ queue: any JobQueue, _ kinds: [String], worker: String = "n1", lease: Double = 30, limit: Int = 10,
        at seconds: Double
    ) async throws -> [Job] {
        try await queue.claimJobs(worker: worker, kinds: kinds, leaseSeconds: lease, limit: limit, at: at(seconds))
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
            #expect(
                claimed.allSatisfy {
                    $0.state == .leased && $0.attempts == 1 && $0.leaseOwner == "n1" && $0.leaseToken != nil
                        && $0.leaseExpiresAt == Self.at(50)
                })
            #expect(try await queue.job(id: future.id)?.state == .pending)
            #expect(
                try await queue.claimJobs(worker: "n1", kinds: [], leaseSeconds: 30, limit: 10, at: Self.at(20)).isEmpty
            )
            let stats = try await queue.jobStats()
            #expect(stats == [.pending: 2, .leased: 2, .done: 0, .dead: 0])
        }
    }

    @Test(arguments: StoreKind.allCases) func expiredLeaseIsRedelivered(kind: StoreKind) async throws {
        try await withStore(kind) { queue in
            let id = try await queue.enqueue(Self.job(), at: Self.t0).job.id
            let first = try #require(
                try await queue.claimJobs(
                    worker: "crashed", kinds: ["answer.llm"], leaseSeconds: 30, limit: 1, at: Self.at(1)
                ).first)
            // Still leased: nobody else gets it.
            #expect(
                try await queue.claimJobs(
                    worker: "n2", kinds: ["answer.llm"], leaseSeconds: 30, limit: 1, at: Self.at(30)
                ).isEmpty)
            let second = try #require(
                try await queue.claimJobs(
                    worker: "n2", kinds: ["answer.llm"], leaseSeconds: 30, limit: 1, at: Self.at(31)
                ).first)
            #expect(second.id == id && second.attempts == 2 && second.leaseOwner == "n2")
            #expect(second.leaseToken != first.leaseToken)
            // The node that lost its lease cannot settle the job any more.
            #expect(try await !queue.completeJob(id: id, leaseToken: first.leaseToken!, at: Self.at(32)))
            #expect(
                try await queue.failJob(
                    id: id, leaseToken: first.leaseToken!, error: "late", retryAt: Self.at(40), at: Self.at(32)) == nil)
            #expect(try await queue.completeJob(id: id, leaseToken: second.leaseToken!, at: Self.at(33)))
            #expect(try await !queue.completeJob(id: id, leaseToken: second.leaseToken!, at: Self.at(34)))
            #expect(try await queue.job(id: id)?.state == .done)
            #expect(try await queue.jobStats()[.leased] == 0)
        }
    }

    @Test(arguments: StoreKind.allCases) func releasedJobIsClaimableAtOnceWithoutLosingAnAttempt(
        kind: StoreKind
    ) async throws {
        try await withStore(kind) { queue in
            let id = try await queue.enqueue(Self.job(maxAttempts: 1), at: Self.t0).job.id
            let lease = try #require(
                try await queue.claimJobs(
                    worker: "stopping", kinds: ["answer.llm"], leaseSeconds: 120, limit: 1, at: Self.at(1)
                ).first)
            #expect(lease.attempts == 1)
            // A node shutting down gives the job back instead of leaving it to the lease expiry.
            #expect(try await queue.releaseJob(id: id, leaseToken: lease.leaseToken!, at: Self.at(2)))
            let released = try #require(try await queue.job(id: id))
            #expect(released.state == .pending && released.attempts == 0 && released.runAt == Self.at(2))
            #expect(released.leaseOwner == nil && released.leaseToken == nil && released.leaseExpiresAt == nil)
            // Another worker claims it in the same second, long before the old lease (121 s) ran out,
            // and its single attempt is still there: a release is not a failure.
            let taken = try #require(
                try await queue.claimJobs(
                    worker: "n2", kinds: ["answer.llm"], leaseSeconds: 120, limit: 1, at: Self.at(2)
                ).first)
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
                                worker: "w\(worker)", kinds: ["answer.llm"], leaseSeconds: 300, limit: 4, at: Self.at(1)
                            )
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
            var lease = try #require(
                try await queue.claimJobs(
                    worker: "n1", kinds: ["answer.llm"], leaseSeconds: 30, limit: 1, at: Self.at(1)
                ).first)
            #expect(
                try await queue.failJob(
                    id: id, leaseToken: lease.leaseToken!, error: "timeout", retryAt: Self.at(11), at: Self.at(2))
                    == .pending)
            // Not before its retry time.
            #expect(
                try await queue.claimJobs(
                    worker: "n1", kinds: ["answer.llm"], leaseSeconds: 30, limit: 1, at: Self.at(10)
                ).isEmpty)
            lease = try #require(
                try await queue.claimJobs(
                    worker: "n1", kinds: ["answer.llm"], leaseSeconds: 30, limit: 1, at: Self.at(11)
                ).first)
            #expect(lease.attempts == 2 && lease.lastError == "timeout")
            #expect(
                try await queue.failJob(
                    id: id, leaseToken: lease.leaseToken!, error: "HTTP 500", retryAt: Self.at(30), at: Self.at(12))
                    == .dead)
            #expect(
                try await queue.claimJobs(
                    worker: "n1", kinds: ["answer.llm"], leaseSeconds: 30, limit: 1, at: Self.at(100)
                ).isEmpty)
            let dead = try await queue.deadLetterJobs(limit: 10)
            #expect(dead.map(\.id) == [id] && dead.first?.lastError == "HTTP 500" && dead.first?.leaseToken == nil)
            #expect(try await queue.jobStats() == [.pending: 0, .leased: 0, .done: 0, .dead: 1])
        }
    }

    @Test(arguments: StoreKind.allCases) func jobThatKillsEveryWorkerIsDeadLettered(kind: StoreKind) async throws {
        try await withStore(kind) { queue in
            let id = try await queue.enqueue(Self.job(maxAttempts: 1), at: Self.t0).job.id
            #expect(
                try await queue.claimJobs(
                    worker: "n1", kinds: ["answer.llm"], leaseSeconds: 30, limit: 1, at: Self.at(1)
                ).count == 1)
            // Its one attempt's lease ran out (the node died): dead-lettered, not re-leased.
            #expect(
                try await queue.claimJobs(
                    worker: "n2", kinds: ["answer.llm"], leaseSeconds: 30, limit: 1, at: Self.at(60)
                ).isEmpty)
            #expect(try await queue.job(id: id)?.state == .dead)
            #expect(try await queue.job(id: id)?.lastError == "lease expired on every attempt")
        }
    }

    @Test(arguments: StoreKind.allCases) func claimHandlesExpiredLeasesOfItsKindsOnly(kind: StoreKind) async throws {
        try await withStore(kind) { queue in
            // A "qa.review" job whose one attempt's lease ran out, and an "answer.llm" job that is due.
            let other = try await queue.enqueue(Self.job("qa.review", maxAttempts: 1), at: Self.t0).job.id
            #expect(try await Self.claim(queue, ["qa.review"], at: 1).count == 1)
            let mine = try await queue.enqueue(Self.job(), at: Self.t0).job.id
            let before = try #require(try await queue.job(id: other))
            // A worker that only runs answers must neither lease nor dead-letter the other kind's job.
            let claimed = try await Self.claim(queue, ["answer.llm"], worker: "n2", at: 60)
            #expect(claimed.map(\.id) == [mine])
            #expect(try await queue.job(id: other) == before)
            #expect(try await queue.jobStats() == [.pending: 0, .leased: 2, .done: 0, .dead: 0])
            // The worker that runs its kind dead-letters it, with the same text on both stores.
            #expect(try await Self.claim(queue, ["qa.review"], worker: "n3", at: 60).isEmpty)
            let dead = try #require(try await queue.job(id: other))
            #expect(dead.state == .dead && dead.lastError == "lease expired on every attempt")
            #expect(dead.updatedAt == Self.at(60) && dead.attempts == 1)
            #expect(dead.leaseOwner == nil && dead.leaseToken == nil && dead.leaseExpiresAt == nil)
        }
    }

    @Test(arguments: StoreKind.allCases) func batchClaimLeasesTheFirstNDueJobsInDueOrder(kind: StoreKind) async throws {
        try await withStore(kind) { queue in
            // Due order is run_at, then id; an expired lease with attempts left is due again at its own run_at.
            let expired = try await queue.enqueue(Self.job(runAt: 2), at: Self.t0).job.id
            let firstLease = try #require(
                try await queue.claimJobs(
                    worker: "crashed", kinds: ["answer.llm"], leaseSeconds: 10, limit: 1, at: Self.at(3)
                ).first)
            let c = try await queue.enqueue(Self.job(runAt: 5), at: Self.t0).job.id
            let a = try await queue.enqueue(Self.job(runAt: 1), at: Self.t0).job.id
            let b = try await queue.enqueue(Self.job(runAt: 5), at: Self.t0).job.id
            let d = try await queue.enqueue(Self.job(runAt: 7), at: Self.t0).job.id
            _ = try await queue.enqueue(Self.job(runAt: 500), at: Self.t0)
            let batch = try await Self.claim(queue, ["answer.llm"], limit: 4, at: 20)
            #expect(batch.map(\.id) == [a, expired, c, b])
            #expect(Set(batch.map(\.leaseToken)).count == 1 && batch[1].leaseToken != firstLease.leaseToken)
            #expect(batch.map(\.attempts) == [1, 2, 1, 1])
            #expect(
                batch.allSatisfy {
                    $0.leaseOwner == "n1" && $0.leaseExpiresAt == Self.at(50) && $0.updatedAt == Self.at(20)
                })
            // What the claim returned is what is stored.
            for job in batch { #expect(try await queue.job(id: job.id) == job) }
            let rest = try await Self.claim(queue, ["answer.llm"], worker: "n2", limit: 4, at: 20)
            #expect(rest.map(\.id) == [d])
        }
    }

    /// The claim's SQL on each store against the rules in Core: every life-cycle state is seeded,
    /// and a claim leases exactly the jobs `JobRules.isDue` names and dead-letters exactly those
    /// `JobRules.hasExhaustedLease` names, of its own kinds only.
    @Test(arguments: StoreKind.allCases) func claimAgreesWithTheRulesInCore(kind: StoreKind) async throws {
        try await withStore(kind) { queue in
            func seed(_ kind: String = "answer.llm", maxAttempts: Int = 3, leaseSeconds: Double) async throws -> Job {
                let id = try await queue.enqueue(Self.job(kind, maxAttempts: maxAttempts), at: Self.t0).job.id
                let leased = try await queue.claimJobs(
                    worker: "seed", kinds: [kind], leaseSeconds: leaseSeconds, limit: 1, at: Self.at(1))
                #expect(leased.map(\.id) == [id])
                return leased[0]
            }
            let expiredWithAttemptsLeft = try await seed(leaseSeconds: 10).id
            let expiredExhausted = try await seed(maxAttempts: 1, leaseSeconds: 10).id
            let live = try await seed(maxAttempts: 1, leaseSeconds: 1000).id
            let done = try await seed(leaseSeconds: 10)
            #expect(try await queue.completeJob(id: done.id, leaseToken: done.leaseToken!, at: Self.at(2)))
            let dead = try await seed(maxAttempts: 1, leaseSeconds: 10)
            #expect(
                try await queue.failJob(
                    id: dead.id, leaseToken: dead.leaseToken!, error: "x", retryAt: Self.at(3), at: Self.at(2)) == .dead
            )
            let released = try await seed(leaseSeconds: 10)
            #expect(try await queue.releaseJob(id: released.id, leaseToken: released.leaseToken!, at: Self.at(2)))
            let otherExhausted = try await seed("qa.review", maxAttempts: 1, leaseSeconds: 10).id
            let otherDue = try await queue.enqueue(Self.job("qa.review"), at: Self.t0).job.id
            let due = try await queue.enqueue(Self.job(runAt: 0), at: Self.t0).job.id
            let future = try await queue.enqueue(Self.job(runAt: 100), at: Self.t0).job.id
            let ids = [
                expiredWithAttemptsLeft, expiredExhausted, live, done.id, dead.id, released.id, otherExhausted,
                otherDue, due, future,
            ]
            var before: [Int64: Job] = [:]
            for id in ids { before[id] = try #require(try await queue.job(id: id)) }

            let now = Self.at(50)
            let ours = before.values.filter { $0.kind == "answer.llm" }
            let expectedLeased = ours.filter { JobRules.isDue($0, at: now) }
                .sorted(by: JobRules.isClaimedBefore).map(\.id)
            let expectedDead = Set(ours.filter { JobRules.hasExhaustedLease($0, at: now) }.map(\.id))
            // The seeds cover every branch of the rules.
            #expect(expectedLeased == [expiredWithAttemptsLeft, due, released.id])
            #expect(expectedDead == [expiredExhausted])

            let claimed = try await Self.claim(queue, ["answer.llm"], limit: 100, at: 50)
            #expect(claimed.map(\.id) == expectedLeased)
            for id in ids {
                let old = try #require(before[id])
                let stored = try #require(try await queue.job(id: id))
                if expectedLeased.contains(id) {
                    #expect(stored.state == .leased && stored.leaseOwner == "n1" && stored.attempts == old.attempts + 1)
                } else if expectedDead.contains(id) {
                    #expect(stored.state == .dead && stored.lastError == JobRules.exhaustedLeaseError)
                } else {
                    #expect(stored == old, "job \(id) (\(old.kind), \(old.state)) was touched by the claim")
                }
            }
        }
    }

    @Test(arguments: StoreKind.allCases)
    func concurrentEnqueuesOfOneDedupeKeyCreateOneJob(kind: StoreKind) async throws {
        try await withStore(kind) { queue in
            let results = try await withThrowingTaskGroup(of: EnqueueResult.self) { group in
                for index in 0..<8 {
                    group.addTask { try await queue.enqueue(Self.job(key: "answer:7"), at: Self.at(Double(index))) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.filter(\.created).count == 1)
            #expect(results.allSatisfy { $0.job == results[0].job })
            #expect(try await queue.jobStats()[.pending] == 1)
        }
    }

    /// The rules themselves, without a store: the table the SQL on both stores is checked against.
    @Test func rulesNameDueExhaustedAndSettledJobs() {
        func job(_ state: JobState, attempts: Int, expiresAt: Double?) -> Job {
            Job(
                id: 1, kind: "answer.llm", payload: "{}", ticketID: nil, dedupeKey: nil, state: state,
                attempts: attempts, maxAttempts: 2, runAt: Self.at(10), leaseOwner: nil, leaseToken: "t",
                leaseExpiresAt: expiresAt.map(Self.at), lastError: nil, createdAt: Self.t0, updatedAt: Self.t0)
        }
        #expect(!JobRules.isDue(job(.pending, attempts: 0, expiresAt: nil), at: Self.at(9)))
        #expect(JobRules.isDue(job(.pending, attempts: 0, expiresAt: nil), at: Self.at(10)))
        #expect(!JobRules.isDue(job(.leased, attempts: 1, expiresAt: 20), at: Self.at(19)))
        #expect(JobRules.isDue(job(.leased, attempts: 1, expiresAt: 20), at: Self.at(20)))
        #expect(!JobRules.isDue(job(.leased, attempts: 2, expiresAt: 20), at: Self.at(20)))
        #expect(JobRules.hasExhaustedLease(job(.leased, attempts: 2, expiresAt: 20), at: Self.at(20)))
        #expect(!JobRules.hasExhaustedLease(job(.leased, attempts: 2, expiresAt: 20), at: Self.at(19)))
        #expect(!JobRules.hasExhaustedLease(job(.leased, attempts: 2, expiresAt: nil), at: Self.at(99)))
        for state in [JobState.done, .dead] {
            #expect(!JobRules.isDue(job(state, attempts: 2, expiresAt: nil), at: Self.at(99)))
        }
        #expect(JobRules.claim(worker: "w", kinds: [], leaseSeconds: 30, limit: 4, at: Self.t0) == nil)
        #expect(JobRules.claim(worker: "w", kinds: ["a"], leaseSeconds: 30, limit: 0, at: Self.t0) == nil)
        let first = job(.leased, attempts: 1, expiresAt: 20)
        #expect(JobRules.failure(of: first, leaseToken: "t", error: "e", retryAt: Self.at(30)).to == .pending)
        #expect(
            JobRules.failure(
                of: job(.leased, attempts: 2, expiresAt: 20), leaseToken: "t", error: "e",
                retryAt: Self.at(30)
            ).to == .dead)
        #expect(JobRules.release(of: first, leaseToken: "t", at: Self.at(15)).attempts == 0)
    }

    @Test(arguments: StoreKind.allCases) func requeueRevivesOnlyDeadJobs(kind: StoreKind) async throws {
        try await withStore(kind) { queue in
            let id = try await queue.enqueue(Self.job(maxAttempts: 1), at: Self.t0).job.id
            #expect(try await !queue.requeueJob(id: id, runAt: Self.at(0), at: Self.at(0)))
            let lease = try #require(
                try await queue.claimJobs(
                    worker: "n1", kinds: ["answer.llm"], leaseSeconds: 30, limit: 1, at: Self.at(1)
                ).first)
            #expect(
                try await queue.failJob(
                    id: id, leaseToken: lease.leaseToken!, error: "bad", retryAt: Self.at(2), at: Self.at(2)) == .dead)
            #expect(try await queue.requeueJob(id: id, runAt: Self.at(50), at: Self.at(40)))
            #expect(try await !queue.requeueJob(id: 999_999, runAt: Self.at(50), at: Self.at(40)))
            let revived = try #require(try await queue.job(id: id))
            #expect(revived.state == .pending && revived.attempts == 0 && revived.runAt == Self.at(50))
            #expect(try await queue.deadLetterJobs(limit: 10).isEmpty)
            let again = try await queue.claimJobs(
                worker: "n1", kinds: ["answer.llm"], leaseSeconds: 30, limit: 1, at: Self.at(50))
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

    @Test(arguments: StoreKind.allCases) func finishedJobsAreDeletedAfterTheRetention(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let t0 = Date(timeIntervalSince1970: 1_800_000_000)
            let day = 86_400.0
            // Three jobs done on day 0; one failed once, retried and done on day 6; two still pending.
            for index in 0..<5 {
                _ = try await store.enqueue(
                    NewJob(kind: "k", payload: "{}", ticketID: nil, runAt: t0, dedupeKey: "job-\(index)"), at: t0)
            }
            _ = try await store.enqueue(
                NewJob(kind: "k", payload: "{}", ticketID: nil, runAt: t0.addingTimeInterval(99 * day)), at: t0)
            var leased = try await store.claimJobs(worker: "w", kinds: ["k"], leaseSeconds: 60, limit: 4, at: t0)
            #expect(leased.count == 4)
            leased.sort { $0.id < $1.id }
            for job in leased.prefix(3) {
                #expect(try await store.completeJob(id: job.id, leaseToken: job.leaseToken!, at: t0))
            }
            _ = try await store.failJob(
                id: leased[3].id, leaseToken: leased[3].leaseToken!, error: "x", retryAt: t0, at: t0)
            let late = try #require(
                try await store.claimJobs(worker: "w", kinds: ["k"], leaseSeconds: 60, limit: 1, at: t0).first)
            #expect(
                try await store.completeJob(
                    id: late.id, leaseToken: late.leaseToken!, at: t0.addingTimeInterval(6 * day)))

            #expect(try await JobRetention.purge(store, now: t0.addingTimeInterval(7 * day + 1)) == 3)
            let stats = try await store.jobStats()
            #expect(stats[.done] == 1, "the job done on day 6 stays")
            #expect(stats[.pending] == 2, "unfinished work is never deleted")
            #expect(try await store.job(dedupeKey: "job-0") == nil)
            #expect(try await JobRetention.purge(store, now: t0.addingTimeInterval(7 * day + 1)) == 0)
        }
    }
}
