import Foundation
import Hummingbird
import TicketflowCore

/// `/v1/jobs`: the work queue as operators see it: counts by state, dead
/// letters with their last error, one job, and requeueing a dead letter.
struct JobRoutes: Sendable {
    let queue: any JobQueue

    /// Agents see the queue; only admins requeue.
    func register(on router: Router<TicketflowRequestContext>) {
        let jobs = router.group("v1/jobs").add(middleware: RoleGate([.agent]))
        jobs.get(use: stats)
        jobs.get("dead", use: dead)
        jobs.get(":id", use: show)
        router.group("v1/jobs").add(middleware: RoleGate([.admin])).post(":id/requeue", use: requeue)
    }

    /// `GET /v1/jobs`: `{"pending": n, "leased": n, "done": n, "dead": n}`.
    @Sendable func stats(_ request: Request, context: TicketflowRequestContext) async throws -> Response {
        let stats = try await queue.jobStats()
        return try JSONBody.response(Dictionary(uniqueKeysWithValues: stats.map { ($0.key.rawValue, $0.value) }))
    }

    @Sendable func dead(_ request: Request, context: TicketflowRequestContext) async throws -> Response {
        var limit = 50
        if let raw = request.uri.queryParameters["limit"].map(String.init) {
            guard let value = Int(raw), (1...500).contains(value) else {
                throw Problem.badRequest("invalid-parameter", "limit must be an integer from 1 to 500")
            }
            limit = value
        }
        return try JSONBody.response(
            JobListResponse(jobs: try await queue.deadLetterJobs(limit: limit).map(JobJSON.init)))
    }

    @Sendable func show(_ request: Request, context: TicketflowRequestContext) async throws -> Response {
        let id = try context.positiveID(of: "job")
        guard let job = try await queue.job(id: id) else { throw Problem.notFound("no job \(id)") }
        return try JSONBody.response(JobJSON(job))
    }

    @Sendable func requeue(_ request: Request, context: TicketflowRequestContext) async throws -> Response {
        let id = try context.positiveID(of: "job")
        guard try await queue.requeueJob(id: id, runAt: Date(), at: Date()) else {
            guard try await queue.job(id: id) != nil else { throw Problem.notFound("no job \(id)") }
            throw Problem(
                .conflict, "conflict", "Conflict",
                detail: "job \(id) is not dead-lettered; only dead jobs can be requeued")
        }
        guard let job = try await queue.job(id: id) else { throw Problem.notFound("no job \(id)") }
        return try JSONBody.response(JobJSON(job))
    }
}

/// A job on the wire; the lease token stays private to the worker holding it.
struct JobJSON: Encodable {
    var job: Job
    init(_ job: Job) {
        var visible = job
        visible.leaseToken = nil
        self.job = visible
    }
    func encode(to encoder: any Encoder) throws { try job.encode(to: encoder) }
}

/// `GET /v1/jobs/dead`.
struct JobListResponse: Encodable {
    var jobs: [JobJSON]
}
