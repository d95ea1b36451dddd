import TicketflowCore
import Testing

@testable import TicketflowAnswering

@Suite("Answer gate truth table")
struct AnswerGateTests {
    let gate = AnswerGate()
    let flag = AnswerFlag(.policyPromise, "refund: ...")

    @Test("ai_only, confident, calm and unflagged: send")
    func sends() {
        let decision = gate.decide(route: .aiOnly, urgency: 3, confidence: 0.85, flags: [])
        #expect(decision == GateDecision(action: .send, reasons: []))
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var route: Route?
        var urgency: Int?
        var confidence: Double
        var flags: [AnswerFlag]
        var reasons: [String]
        var testDescription: String { "\(route?.rawValue ?? "nil") u\(urgency ?? 0) c\(confidence) → \(reasons)" }
    }

    static let holds: [Case] = [
        Case(route: .aiDraftHumanReview, urgency: 2, confidence: 0.99, flags: [], reasons: ["route_requires_review"]),
        Case(route: .humanNow, urgency: 2, confidence: 0.99, flags: [], reasons: ["human_now"]),
        Case(route: nil, urgency: 2, confidence: 0.99, flags: [], reasons: ["no_route"]),
        Case(route: .aiOnly, urgency: 4, confidence: 0.99, flags: [], reasons: ["urgency_escalation"]),
        Case(route: .aiOnly, urgency: 5, confidence: 0.99, flags: [], reasons: ["urgency_escalation"]),
        Case(route: .aiOnly, urgency: 1, confidence: 0.8499, flags: [], reasons: ["low_confidence"]),
        Case(route: .aiOnly, urgency: 1, confidence: .nan, flags: [], reasons: ["low_confidence"]),
        Case(
            route: .aiOnly, urgency: 1, confidence: 0.99, flags: [AnswerFlag(.policyPromise, "x")],
            reasons: ["policy_flag"]),
        Case(
            route: .aiOnly, urgency: 1, confidence: 0.99, flags: [AnswerFlag(.unsupportedSentence, "x")],
            reasons: ["grounding_flag"]),
        Case(
            route: .aiOnly, urgency: 1, confidence: 0.99, flags: [AnswerFlag(.citationNotFound, "x")],
            reasons: ["citation_flag"]),
        Case(
            route: .aiOnly, urgency: 1, confidence: 0.99, flags: [AnswerFlag(.promptInjection, "x")],
            reasons: ["injection_suspected"]),
        Case(
            route: .aiDraftHumanReview, urgency: 4, confidence: 0.2,
            flags: [AnswerFlag(.policyPromise, "x"), AnswerFlag(.unsupportedSentence, "y")],
            reasons: ["route_requires_review", "urgency_escalation", "low_confidence", "grounding_flag", "policy_flag"]),
    ]

    @Test("anything else holds for review, with every reason", arguments: holds)
    func holdsWithReasons(_ row: Case) {
        let decision = gate.decide(route: row.route, urgency: row.urgency, confidence: row.confidence, flags: row.flags)
        #expect(decision.action == .holdForReview)
        #expect(decision.reasons == row.reasons)
    }

    @Test("urgency 4 or more is never sent, whatever the threshold")
    func urgencyNeverSent() {
        let lenient = AnswerGate(threshold: 0)
        for urgency in 4...5 {
            #expect(lenient.decide(route: .aiOnly, urgency: urgency, confidence: 1, flags: []).action == .holdForReview)
        }
        #expect(lenient.decide(route: .aiOnly, urgency: nil, confidence: 0.1, flags: []).action == .send)
    }

    @Test("the threshold is configurable")
    func threshold() {
        let strict = AnswerGate(threshold: 0.95)
        #expect(strict.decide(route: .aiOnly, urgency: 1, confidence: 0.9, flags: []).reasons == ["low_confidence"])
        #expect(strict.decide(route: .aiOnly, urgency: 1, confidence: 0.95, flags: []).action == .send)
    }
}
