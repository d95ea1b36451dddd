import TicketflowCore

/// Whether an answer goes to the customer now or to a person first.
public enum GateAction: String, Sendable, Equatable {
    case send
    case holdForReview = "hold_for_review"
}

/// The gate's decision and, when held, every reason why.
public struct GateDecision: Sendable, Equatable {
    /// Send now or hold for review.
    public var action: GateAction
    /// Draft reasons: route_requires_review, urgency_escalation, low_confidence, policy_flag, ...
    public var reasons: [String]

    /// Creates a decision.
    public init(action: GateAction, reasons: [String]) {
        self.action = action
        self.reasons = reasons
    }
}

/// The auto-send rule as a pure function of route, urgency, confidence and
/// flags. It never sees ticket or answer text, so nothing a customer writes
/// can argue its way past it.
public struct AnswerGate: Sendable, Equatable {
    /// Minimum answer confidence for auto-send.
    public var threshold: Double
    /// Tickets more urgent than this are never answered without review.
    public var maxAutoSendUrgency: Int

    /// Creates a gate; defaults are the product defaults (0.85, urgency ≤ 3).
    public init(threshold: Double = 0.85, maxAutoSendUrgency: Int = 3) {
        self.threshold = threshold
        self.maxAutoSendUrgency = maxAutoSendUrgency
    }

    /// Sends only for route ai_only, urgency ≤ max, confidence ≥ threshold and no flag.
    public func decide(route: Route?, urgency: Int?, confidence: Double, flags: [AnswerFlag]) -> GateDecision {
        var reasons: [String] = []
        switch route {
        case .aiOnly: break
        case .aiDraftHumanReview: reasons.append("route_requires_review")
        case .humanNow: reasons.append("human_now")
        case nil: reasons.append("no_route")
        }
        if let urgency, urgency > maxAutoSendUrgency { reasons.append("urgency_escalation") }
        if !(confidence >= threshold) { reasons.append("low_confidence") }
        for kind in AnswerFlag.Kind.allCases where flags.contains(where: { $0.kind == kind }) {
            reasons.append(Self.reason(for: kind))
        }
        return GateDecision(action: reasons.isEmpty ? .send : .holdForReview, reasons: reasons)
    }

    /// The draft reason a flag kind turns into.
    public static func reason(for kind: AnswerFlag.Kind) -> String {
        switch kind {
        case .unsupportedSentence: "grounding_flag"
        case .policyPromise: "policy_flag"
        case .citationNotFound: "citation_flag"
        case .promptInjection: "injection_suspected"
        }
    }
}
