/// What a signed-in caller may do. Admins can do everything agents can;
/// `api` callers are machines (helpdesk bridges) that may only use the intake API.
public enum AgentRole: String, Codable, Sendable, CaseIterable {
    case admin, agent, api

    /// True when this role may act as `required` (admin covers agent).
    public func satisfies(_ required: AgentRole) -> Bool {
        self == required || (self == .admin && required == .agent)
    }
}
