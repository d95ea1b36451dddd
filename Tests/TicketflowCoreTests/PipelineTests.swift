import Foundation
import Testing
import TicketflowCore

struct SetCategory: PipelineStage {
    let name = "classify"
    func process(_ context: inout TicketContext) async throws -> StageReport {
        context.ticket.category = "billing"
        return StageReport(
            input: "text", output: "billing", score: 0.8, engine: "fake", engineVersion: "2", details: ["k": "v"])
    }
}

struct Broken: PipelineStage {
    struct Failure: Error {}
    let name = "broken"
    func process(_ context: inout TicketContext) async throws -> StageReport { throw Failure() }
}

@Suite struct PipelineTests {
    static func context() -> TicketContext {
        let now = Date(timeIntervalSince1970: 0)
        return TicketContext(
            ticket: Ticket(id: 0, channel: .api, subject: "Hi", createdAt: now), customer: nil, history: [],
            incoming: NewMessage(author: .customer, body: "Where is my invoice?", createdAt: now))
    }

    @Test func runsStagesInOrderAndTracesEach() async {
        var context = Self.context()
        let fixed = Date(timeIntervalSince1970: 42)
        await Pipeline(stages: [SetCategory(), IntakeOnlyStage()], now: { fixed }).run(&context)
        #expect(context.ticket.category == "billing")
        #expect(context.trace.map(\.stage) == ["classify", "intake"])
        #expect(context.trace[0].score == 0.8 && context.trace[0].engineVersion == "2")
        #expect(context.trace[0].details == ["k": "v"])
        #expect(context.trace.allSatisfy { $0.createdAt == fixed && $0.durationMs >= 0 })
    }

    @Test func aFailingStageIsTracedAndTheRunGoesOn() async {
        var context = Self.context()
        await Pipeline(stages: [Broken(), SetCategory()]).run(&context)
        #expect(context.failedStages == ["broken"])
        #expect(context.trace.map(\.stage) == ["broken", "classify"])
        #expect(context.trace[0].output.hasPrefix("failed"))
        #expect(context.trace[0].status == .failed && context.trace.dropFirst().allSatisfy { $0.status == .ok })
        #expect(context.ticket.category == "billing")
    }

    @Test func triageTextJoinsSubjectAndBody() {
        var context = Self.context()
        #expect(context.triageText == "Hi\nWhere is my invoice?")
        context.ticket.subject = "Where is my invoice?"
        #expect(context.triageText == "Where is my invoice?")
    }
}

@Suite struct IntakeRequestTests {
    @Test func subjectFallsBackToTheFirstLine() {
        #expect(IntakeRequest(body: "First line\nsecond").resolvedSubject == "First line")
        #expect(IntakeRequest(subject: "  Given  ", body: "x").resolvedSubject == "Given")
        let long = IntakeRequest(body: String(repeating: "word ", count: 40)).resolvedSubject
        #expect(long.count == 80 && long.hasSuffix("..."))
    }

    @Test func validationNamesTheField() {
        #expect(throws: ValidationError(field: "body", "must not be empty")) {
            try IntakeRequest(body: " \n").validate()
        }
        #expect(throws: ValidationError.self) {
            try IntakeRequest(body: "x", tags: Array(repeating: "t", count: 21)).validate()
        }
        #expect(throws: ValidationError.self) { try IntakeRequest(body: "x", externalID: "").validate() }
        #expect(throws: ValidationError.self) { try MessageRequest(body: "x", author: .ai).validate() }
        #expect(throws: Never.self) { try IntakeRequest(body: "ok", tags: ["a"]).validate() }
    }
}
