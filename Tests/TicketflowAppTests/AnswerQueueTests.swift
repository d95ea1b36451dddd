import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TicketflowApp
import TicketflowCore

/// Answering from the durable work queue (`answer_mode=queue`, and the
/// default whenever an LLM is configured).
@Suite struct AnswerQueueTests {
    /// Queue mode with the node's own worker off, so tests drain the queue themselves.
    static let queued: @Sendable (inout AppConfiguration) -> Void = {
        $0.answerMode = .queue; $0.queueWorker = false
    }
    static let question =
        #"{"subject": "Duplicate charge", "body": "Hello, I see a duplicate charge on my invoices. How do I get the duplicate charge refunded?"}"#

    /// Runs queued jobs the way a node's worker does, until none is due.
    static func drain(_ services: AppServices) async throws -> JobBatchReport {
        let jobs = try #require(services.tickets.answerJobs)
        var handlers = JobHandlers()
        handlers.register(AnswerJobs.kind) { try await jobs.handle($0) }
        let worker = JobWorker(
            queue: services.store, handlers: handlers,
            configuration: .init(
                workerID: "test-worker", backoff: RetryBackoff(baseSeconds: 0, maximumSeconds: 0, jitter: 0)))
        var total = JobBatchReport()
        while true {
            let report = try await worker.runOnce()
            if report.claimed == 0 { return total }
            total.claimed += report.claimed
            total.completed += report.completed
            total.deadLettered += report.deadLettered
            total.retried += report.retried
            total.leaseLost += report.leaseLost
        }
    }

    @Test func intakeAnswersAtOnceAndTheQueueAnswersOnce() async throws {
        try await withTestClient(configure: Self.queued) { client, services in
            _ = try await client.post(
                "/v1/kb/articles", PipelineEndToEndTests.helpCenter, headers: try await services.bearer(.knowledge))
            let created = try json(try await client.post("/v1/tickets", Self.question))
            let ticket = try #require(created["ticket"] as? [String: Any])
            let id = try #require(ticket["id"] as? Int)
            #expect(ticket["status"] as? String == "triaged")
            #expect(PipelineEndToEndTests.stages(created) == ["triage", "sentiment", "routing", "language"])
            #expect(
                try json(try await client.send(.get, "/v1/jobs", headers: try await services.bearer(.admin)))["pending"]
                    as? Int == 1)

            #expect(try await Self.drain(services).completed == 1)
            let answered = try json(try await client.get("/v1/tickets/\(id)", asAgentOf: services))
            let status = (answered["ticket"] as? [String: Any])?["status"] as? String
            #expect(["auto_resolved", "awaiting_review"].contains(status))
            #expect(
                PipelineEndToEndTests.stages(answered) == [
                    "triage", "sentiment", "routing", "language", "retrieve", "answering",
                ])

            // A redelivered job (lost lease) changes nothing.
            let job = try #require(try await services.store.job(id: 1))
            try await services.tickets.answerJobs!.handle(job)
            let again = try json(try await client.get("/v1/tickets/\(id)", asAgentOf: services))
            #expect(PipelineEndToEndTests.stages(again).count == 6)
            #expect((again["messages"] as? [[String: Any]])?.count == (answered["messages"] as? [[String: Any]])?.count)
            let stats = try json(try await client.send(.get, "/v1/jobs", headers: try await services.bearer(.admin)))
            #expect(stats["done"] as? Int == 1 && stats["pending"] as? Int == 0 && stats["leased"] as? Int == 0)
        }
    }

    @Test func theNodesOwnWorkerAnswersInTheBackground() async throws {
        try await withTestClient(.live, configure: { $0.answerMode = .queue }) { client, services in
            _ = try await client.post(
                "/v1/kb/articles", PipelineEndToEndTests.helpCenter, headers: try await services.bearer(.knowledge))
            let id = try #require(
                (try json(try await client.post("/v1/tickets", Self.question))["ticket"] as? [String: Any])?["id"]
                    as? Int)
            var status: TicketStatus?
            for _ in 0..<300 {
                status = try await services.store.ticketDetail(id: Int64(id))?.ticket.status
                if status != .triaged { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect([.autoResolved, .awaitingReview].contains(status))
        }
    }

    @Test func aNewerCustomerMessageMakesTheOldJobStale() async throws {
        try await withTestClient(configure: Self.queued) { client, services in
            _ = try await client.post(
                "/v1/kb/articles", PipelineEndToEndTests.helpCenter, headers: try await services.bearer(.knowledge))
            let id = try #require(
                (try json(try await client.post("/v1/tickets", Self.question))["ticket"] as? [String: Any])?["id"]
                    as? Int)
            _ = try await client.post("/v1/tickets/\(id)/messages", #"{"body": "Also, where do I find my invoices?"}"#)
            #expect(
                try json(try await client.send(.get, "/v1/jobs", headers: try await services.bearer(.admin)))["pending"]
                    as? Int == 2)
            #expect(try await Self.drain(services).completed == 2)
            let detail = try json(try await client.get("/v1/tickets/\(id)", asAgentOf: services))
            // One answering run, for the latest message; never two answers to one question.
            #expect(PipelineEndToEndTests.stages(detail).filter { $0 == "answering" }.count == 1)
            let ai = ((detail["messages"] as? [[String: Any]]) ?? []).filter { $0["author"] as? String == "ai" }
            #expect(ai.count <= 1)
        }
    }

    @Test func humanNowTicketsAreEscalatedWithoutAJob() async throws {
        try await withTestClient(configure: Self.queued) { client, services in
            let body = try json(
                try await client.post(
                    "/v1/tickets",
                    #"""
                    {"body": "My account was HACKED and there are fraudulent charges, my lawyer will sue you TODAY!!"}
                    """#))
            #expect((body["ticket"] as? [String: Any])?["status"] as? String == "escalated")
            #expect(
                try json(try await client.send(.get, "/v1/jobs", headers: try await services.bearer(.admin)))["pending"]
                    as? Int == 0)
        }
    }

    @Test func sweepEnqueuesTicketsWhoseEnqueueWasLost() async throws {
        try await withTestClient(configure: Self.queued) { client, services in
            let jobs = try #require(services.tickets.answerJobs)
            // The same intake without the enqueue step: a node that died right after its commit.
            let lossy = TicketService(store: services.store, pipeline: services.tickets.pipeline)
            let orphan = try await lossy.intake(IntakeRequest(body: "How do I reset my password?"))
            #expect(orphan.detail.ticket.status == .triaged)
            #expect(try await jobs.sweep(olderThan: Date().addingTimeInterval(-3600)) == 0)
            #expect(try await jobs.sweep(olderThan: Date().addingTimeInterval(1)) == 1)
            #expect(try await jobs.sweep(olderThan: Date().addingTimeInterval(1)) == 0)
            #expect(try await Self.drain(services).completed == 1)
            #expect(try await services.store.ticketDetail(id: orphan.detail.ticket.id)?.ticket.status != .triaged)
        }
    }

    @Test func aWithheldAnswerWaitsForAnAgentInQueueModeToo() async throws {
        try await withTestClient(configure: Self.queued) { client, services in
            let jobs = try #require(services.tickets.answerJobs)
            let result = try await services.tickets.intake(
                IntakeRequest(body: "How do I reset my password?", channel: .email),
                withholdingAnswer: "auto-reply: Auto-Submitted auto-replied")
            let detail = result.detail
            #expect(detail.ticket.status == .awaitingReview, "no answer job may run for it")
            #expect(detail.messages.map(\.author) == [.customer, .system])
            #expect(detail.messages.last?.body == "No automatic answer: auto-reply: Auto-Submitted auto-replied.")
            // Neither the enqueue after the commit nor the sweep for lost enqueues answers it.
            #expect(try await Self.drain(services).claimed == 0)
            #expect(try await jobs.sweep(olderThan: Date().addingTimeInterval(1)) == 0)
            #expect(try await services.store.ticketDetail(id: detail.ticket.id)?.messages.count == 2)
        }
    }

    @Test func deadLettersAreVisibleAndRequeueable() async throws {
        try await withTestClient(configure: Self.queued) { client, services in
            let broken = try await services.store.enqueue(
                NewJob(kind: AnswerJobs.kind, payload: "not json", runAt: Date(), maxAttempts: 1), at: Date())
            let report = try await Self.drain(services)
            #expect(report.deadLettered == 1, "\(report)")
            let dead = try json(
                try await client.send(.get, "/v1/jobs/dead", headers: try await services.bearer(.admin)))
            let listed = try #require((dead["jobs"] as? [[String: Any]])?.first)
            #expect(listed["id"] as? Int == Int(broken.job.id))
            #expect((listed["last_error"] as? String)?.contains("unreadable payload") == true)
            #expect(listed["lease_token"] == nil)
            #expect(
                try json(try await client.send(.get, "/v1/jobs", headers: try await services.bearer(.admin)))["dead"]
                    as? Int == 1)

            let requeued = try await client.send(
                .post, "/v1/jobs/\(broken.job.id)/requeue", headers: try await services.bearer(.admin), body: "")
            #expect(requeued.status == .ok)
            #expect(try json(requeued)["state"] as? String == "pending")
            try expectProblem(
                try await client.send(
                    .post, "/v1/jobs/\(broken.job.id)/requeue", headers: try await services.bearer(.admin), body: ""),
                .conflict, "conflict")
            try expectProblem(
                try await client.send(
                    .post, "/v1/jobs/999/requeue", headers: try await services.bearer(.admin), body: ""), .notFound,
                "not-found")
            try expectProblem(
                try await client.send(.get, "/v1/jobs/abc", headers: try await services.bearer(.admin)), .notFound,
                "not-found")
            try expectProblem(
                try await client.send(.get, "/v1/jobs/dead?limit=0", headers: try await services.bearer(.admin)),
                .badRequest, "invalid-parameter")
        }
    }
}
