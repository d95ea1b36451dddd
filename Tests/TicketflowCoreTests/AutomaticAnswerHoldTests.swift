import Foundation
import Testing
import TicketflowCore

struct AutoAnswer: PipelineStage {
    let name = "answering"
    let at: Date
    func process(_ context: inout TicketContext) async throws -> StageReport {
        context.replies.append(NewMessage(author: .ai, body: "Use the reset link.", createdAt: at))
        context.ticket.status = .autoResolved
        context.ticket.firstResponseAt = at
        return StageReport(input: "q", output: "sent", score: 0.91, engine: "fake", engineVersion: "1")
    }
}

@Suite struct AutomaticAnswerHoldTests {
    @Test func anAutomaticAnswerBecomesTheAgentsDraft() async {
        var context = PipelineTests.context()
        let answeredAt = Date(timeIntervalSince1970: 7)
        await Pipeline(stages: [AutoAnswer(at: answeredAt)]).run(&context)
        context.withholdAutomaticAnswer(reason: "list mail", at: Date(timeIntervalSince1970: 9))
        #expect(context.ticket.status == .awaitingReview)
        #expect(context.ticket.firstResponseAt == nil, "nothing reached the customer")
        #expect(context.draft?.body == "Use the reset link.")
        #expect(context.draft?.confidence == 0.91)
        #expect(context.draft?.reasons == [TicketContext.withheldAnswerReason])
        #expect(context.replies.map(\.author) == [.system])
        #expect(context.replies.first?.body == "No automatic answer: list mail.")
    }

    @Test func aHeldDraftKeepsItsReasonsAndAnEscalationStaysEscalated() {
        var context = PipelineTests.context()
        context.ticket.status = .escalated
        context.draft = AnswerDraft(body: "Draft", citations: [], confidence: 0.4, reasons: ["low_confidence"])
        context.withholdAutomaticAnswer(reason: "rate limit", at: Date(timeIntervalSince1970: 9))
        #expect(context.ticket.status == .escalated)
        #expect(context.draft?.reasons == ["low_confidence", TicketContext.withheldAnswerReason])
        #expect(context.replies.map(\.author) == [.system])
    }

    @Test func aTicketLeftForTheAnswerQueueWaitsForReviewInstead() {
        var context = PipelineTests.context()
        context.ticket.status = .triaged
        context.withholdAutomaticAnswer(reason: "auto-reply", at: Date(timeIntervalSince1970: 9))
        #expect(context.ticket.status == .awaitingReview)
        #expect(context.draft == nil)
    }
}
