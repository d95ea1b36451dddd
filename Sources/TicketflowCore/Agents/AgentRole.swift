/// What a signed-in caller may do. Admins can do everything agents can;
/// `api` callers are machines (helpdesk bridges, web forms) that may only open
/// tickets and add customer messages; `knowledge` callers (a help-center sync)
/// may only change the knowledge base. Only admins and agents are people.
public enum AgentRole: String, Codable, Sendable, CaseIterable {
    case admin, agent, api, knowledge

    /// True when this role may act as `required` (admin covers agent and knowledge).
    public func satisfies(_ required: AgentRole) -> Bool {
        self == required || (self == .admin && [.agent, .knowledge].contains(required))
    }

    /// True for the roles people sign in with (admin, agent); the others are for tokens only.
    public var isPerson: Bool { self == .admin || self == .agent }
}
