import Foundation

/// What `TicketStorage.insertTicket` found or did.
public enum TicketInsertion: Sendable {
    /// The intake was stored as this new ticket.
    case created(TicketDetail)
    /// An earlier delivery's ticket matched; nothing was written.
    case existing(StoredDelivery)
}

/// A ticket an earlier delivery created, with what a repeat is checked against.
public struct StoredDelivery: Sendable {
    /// How a repeat delivery is recognised.
    public enum Match: Sendable, Equatable {
        case idempotencyKey
        case externalID
    }

    /// The stored ticket.
    public var detail: TicketDetail
    /// The fingerprint of the request that created it, when it had one.
    public var requestFingerprint: String?
    /// Which key matched; the idempotency key wins when both do.
    public var matchedBy: Match

    public init(detail: TicketDetail, requestFingerprint: String?, matchedBy: Match) {
        self.detail = detail
        self.requestFingerprint = requestFingerprint
        self.matchedBy = matchedBy
    }
}

/// The idempotency rule: a repeat under the same Idempotency-Key must carry
/// the same request body (fingerprint), or it is refused rather than
/// silently answered with another request's ticket. A repeat recognised by
/// external id alone is a replay (TicketService adds new text to it).
public enum IntakeReplay {
    /// The intake result for `insertion`, or a `conflict` for a reused key.
    public static func result(of insertion: TicketInsertion, for intake: TicketIntake) throws -> IntakeResult {
        switch insertion {
        case .created(let detail):
            return IntakeResult(detail: detail, created: true)
        case .existing(let stored):
            if stored.matchedBy == .idempotencyKey, let key = intake.idempotencyKey,
                let fingerprint = intake.requestFingerprint, let original = stored.requestFingerprint,
                fingerprint != original
            {
                throw Refusal(.conflict, "Idempotency-Key '\(key)' was already used with a different request body")
            }
            return IntakeResult(detail: stored.detail, created: false)
        }
    }
}
