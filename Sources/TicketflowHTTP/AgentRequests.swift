import TicketflowCore
import TicketflowEscalation

/// `POST /v1/agent/tickets/{id}/edit` body.
struct EditRequest: Decodable {
    var body: String
}

/// `POST /v1/agent/tickets/{id}/note` body.
struct NoteRequest: Decodable {
    var note: String
}

/// `POST /v1/agent/tickets/{id}/relabel` body.
struct RelabelRequest: Decodable {
    var category: String?
    var urgency: Int?
}

/// `POST /v1/agent/tickets/{id}/escalate` body (optional).
struct EscalateRequest: Decodable {
    var note: String?
    var assignee: String?
}

/// `POST /v1/agent/tickets/{id}/pending` and `/hold` body (optional).
struct ParkRequest: Decodable {
    var note: String?
}

/// `POST /v1/agent/tickets/{id}/close` body (optional).
struct CloseRequest: Decodable {
    var tags: [String]?
}

/// `POST /v1/agent/tickets/{id}/tags` body.
struct TagsRequest: Decodable {
    var add: [String]?
    var remove: [String]?
}

/// `POST /v1/agent/tickets/{id}/merge` body: the ticket that stays.
struct MergeRequest: Decodable {
    var into: Int64
}

/// `PUT /v1/admin/users/{email}/active` body.
struct ActiveRequest: Decodable {
    var active: Bool
}

/// `POST /v1/agent/tickets/{id}/assign` body.
struct AssignRequest: Decodable {
    var assignee: String
}

/// `POST /v1/admin/users` body.
struct CreateUserRequest: Decodable {
    var email: String
    var name: String
    var role: AgentRole
    var password: String
}

/// `PUT /v1/admin/users/{email}/password` body.
struct NewPasswordRequest: Decodable {
    var password: String
}

/// `POST /v1/admin/tokens` body.
struct CreateTokenRequest: Decodable {
    var name: String
    var role: AgentRole
    /// For api tokens: the channel they act on (default api).
    var channel: TicketflowCore.Channel?
}

/// `GET /v1/agent/queue` response.
struct QueueResponse: Encodable {
    var entries: [ReviewQueueEntry]
}
