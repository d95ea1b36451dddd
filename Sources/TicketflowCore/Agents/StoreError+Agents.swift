extension Refusal {
    /// The conflict a refused agent write reports: someone else holds the
    /// ticket, or it changed since the caller read it. Both stores use it so
    /// clients see the same message whichever store lost the race.
    public static func agentConflict(ticketID: Int64, heldBy holder: String?, actor: String) -> Refusal {
        if let holder, holder != actor {
            return Refusal(.conflict, "ticket \(ticketID) is assigned to \(holder)")
        }
        return Refusal(.conflict, "ticket \(ticketID) changed since it was loaded; reload and try again")
    }
}
