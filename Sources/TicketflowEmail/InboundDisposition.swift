/// What the poller does with one inbound mail, decided by `InboundPolicy`.
public enum InboundDisposition: Sendable, Equatable {
    /// A delivery failure report: mark the delivery of `originalMessageID` to `recipient` failed. No ticket.
    case bounce(originalMessageID: String?, recipient: String?, status: String?, diagnostic: String?)
    /// Not for a ticket (the mailbox's own mail coming back, a delay notice); keep the raw mail, do nothing.
    case ignore(reason: String)
    /// Open or continue a ticket; `autoAnswer` false means no automatic reply may go out (a human still
    /// can), and `reason` says why (empty when true).
    case accept(autoAnswer: Bool, reason: String)
}
