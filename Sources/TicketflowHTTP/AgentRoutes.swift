import Foundation
import Hummingbird
import TicketflowCore
import TicketflowEscalation

/// `/v1/agent`: the review queue, escalation packages, audit log and every
/// agent action, for agents and admins (sessions with a CSRF header, or
/// bearer tokens).
struct AgentRoutes: Sendable {
    let desk: AgentDesk
    let body: JSONBody
    /// The team's queues, for `queue=`.
    var queues: [String: [String]] = [:]

    func register(on router: Router<TicketflowRequestContext>) {
        let agent = router.group("v1/agent").add(middleware: RoleGate([.agent]))
        agent.get("queue", use: queue)
        agent.get("feedback", use: feedback)
        agent.get("tickets/:id/escalation", use: package)
        agent.get("tickets/:id/events", use: events)
        agent.post("tickets/:id/claim") { try await act(.claim, $0, $1) }
        agent.post("tickets/:id/release") { try await act(.release, $0, $1) }
        agent.post("tickets/:id/send") { try await act(.sendDraft, $0, $1) }
        agent.post("tickets/:id/draft", use: redraft)
        agent.post("tickets/:id/hand-back") { try await act(.handBack, $0, $1) }
        agent.post("tickets/:id/edit") { request, context in
            let (edit, _) = try await body.decode(EditRequest.self, from: request)
            return try await act(.editAndSend(body: edit.body), request, context)
        }
        agent.post("tickets/:id/relabel") { request, context in
            let (relabel, _) = try await body.decode(RelabelRequest.self, from: request)
            return try await act(.relabel(category: relabel.category, urgency: relabel.urgency), request, context)
        }
        agent.post("tickets/:id/escalate") { request, context in
            let escalate = try await optionalBody(EscalateRequest.self, request) ?? EscalateRequest()
            return try await act(.escalate(note: escalate.note, to: escalate.assignee), request, context)
        }
        agent.post("tickets/:id/close") { request, context in
            let close = try await optionalBody(CloseRequest.self, request) ?? CloseRequest()
            return try await act(.close(tags: close.tags ?? []), request, context)
        }
        agent.post("tickets/:id/pending") { request, context in
            let park = try await optionalBody(ParkRequest.self, request) ?? ParkRequest()
            return try await act(.pending(note: park.note), request, context)
        }
        agent.post("tickets/:id/hold") { request, context in
            let park = try await optionalBody(ParkRequest.self, request) ?? ParkRequest()
            return try await act(.hold(note: park.note), request, context)
        }
        agent.post("tickets/:id/note") { request, context in
            let (note, _) = try await body.decode(NoteRequest.self, from: request)
            return try await act(.note(text: note.note), request, context)
        }
        agent.post("tickets/:id/tags") { request, context in
            let (tags, _) = try await body.decode(TagsRequest.self, from: request)
            return try await act(.tag(add: tags.add ?? [], remove: tags.remove ?? []), request, context)
        }
        agent.post("tickets/:id/merge") { request, context in
            let (merge, _) = try await body.decode(MergeRequest.self, from: request)
            guard merge.into > 0 else { throw ValidationError(field: "into", "must be a ticket id") }
            return try JSONBody.response(
                try await desk.merge(try context.positiveID(of: "ticket"), into: merge.into, by: try actor(context)))
        }
        agent.post("tickets/:id/assign") { request, context in
            let (assign, _) = try await body.decode(AssignRequest.self, from: request)
            return try await act(.assign(to: assign.assignee), request, context)
        }
    }

    @Sendable func queue(_ request: Request, context: TicketflowRequestContext) async throws -> Response {
        let query = try QueueFilters.query(
            from: request.uri.queryParameters, actorID: try actor(context).id, queues: queues)
        return try JSONBody.response(QueueResponse(entries: try await desk.queue(query)))
    }

    @Sendable func package(_ request: Request, context: TicketflowRequestContext) async throws -> Response {
        try JSONBody.response(try await desk.package(for: try context.positiveID(of: "ticket")))
    }

    @Sendable func events(_ request: Request, context: TicketflowRequestContext) async throws -> Response {
        let id = try context.positiveID(of: "ticket")
        guard try await desk.store.ticketDetail(id: id) != nil else { throw Problem.notFound("no ticket \(id)") }
        return try JSONBody.response(EventsResponse(events: try await desk.events(ticketID: id)))
    }

    /// Feedback records since `since` (ISO 8601, default the epoch): the training-data export reads this.
    @Sendable func feedback(_ request: Request, context: TicketflowRequestContext) async throws -> Response {
        let parameters = request.uri.queryParameters
        var since = Date(timeIntervalSince1970: 0)
        if let raw = parameters["since"].map(String.init), !raw.isEmpty {
            guard let date = ISO8601DateFormatter().date(from: raw) else {
                throw Problem.badRequest(
                    "invalid-parameter", "since must be an ISO 8601 time such as 2026-01-31T00:00:00Z")
            }
            since = date
        }
        var limit = 500
        if let raw = parameters["limit"].map(String.init), !raw.isEmpty {
            guard let value = Int(raw), (1...5000).contains(value) else {
                throw Problem.badRequest("invalid-parameter", "limit must be an integer from 1 to 5000")
            }
            limit = value
        }
        return try JSONBody.response(
            FeedbackResponse(records: try await desk.store.feedbackRecords(since: since, limit: limit)))
    }

    func act(_ action: AgentAction, _ request: Request, _ context: TicketflowRequestContext) async throws -> Response {
        try JSONBody.response(
            try await desk.perform(action, on: try context.positiveID(of: "ticket"), by: try actor(context)))
    }

    /// Decodes a body when one was sent; actions with only optional fields accept none.
    func optionalBody<T: Decodable>(_ type: T.Type, _ request: Request) async throws -> T? {
        try await body.decodeIfPresent(type, from: request)
    }

    func actor(_ context: TicketflowRequestContext) throws -> AgentActor {
        guard let identity = context.identity else {
            throw Problem(.unauthorized, "unauthorized", "Unauthorized", detail: "sign in first")
        }
        return identity.actor
    }
}

/// `GET /v1/agent/tickets/{id}/events` response.
struct EventsResponse: Encodable {
    var events: [TicketEvent]
}

/// `GET /v1/agent/feedback` response.
struct FeedbackResponse: Encodable {
    var records: [FeedbackRecord]
}
