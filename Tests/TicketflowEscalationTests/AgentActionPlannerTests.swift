import Foundation
import Testing
import TicketflowCore
import TicketflowEscalation

@Suite struct AgentActionPlannerTests {
    let planner = AgentActionPlanner()
    let ann = AgentActor(id: "ann@example.com", name: "Ann", role: .agent)
    let now = Fixtures.opened.addingTimeInterval(900)

    @Test func sendDraftSendsItUnchangedAndRecordsAnApproval() throws {
        let detail = Fixtures.detail()
        let change = try planner.plan(.sendDraft, on: detail, by: ann, at: now)
        #expect(change.messages.map(\.body) == [detail.draft!.body])
        #expect(change.messages.first?.author == .agent)
        #expect(change.messages.first?.citations == detail.draft!.citations)
        #expect(change.ticket.status == .resolved && change.ticket.assignee == ann.id)
        #expect(change.ticket.firstResponseAt == now && change.draft == nil)
        #expect(change.expectedUpdatedAt == Fixtures.opened, "optimistic lock on the version that was read")
        #expect(change.event.kind == .sendDraft && change.event.actor == ann.id)
        #expect(change.feedback.map(\.kind) == [.approve])
        #expect(change.feedback.first?.finalText == detail.draft!.body)
    }

    @Test func editAndSendKeepsOriginalAndFinalText() throws {
        let change = try planner.plan(
            .editAndSend(body: "  Refunded, sorry!  "), on: Fixtures.detail(), by: ann, at: now)
        #expect(change.messages.map(\.body) == ["Refunded, sorry!"])
        let record = try #require(change.feedback.first)
        #expect(record.kind == .edit && record.finalText == "Refunded, sorry!")
        #expect(record.originalDraft?.hasPrefix("1. Open Billing.") == true)
        #expect(change.event.details["edited"] == "true")
    }

    @Test func aDraftSentAsTheConsoleShowsItWithoutSourceMarkersIsAnApproval() throws {
        let detail = Fixtures.detail(draftBody: "Open Billing and click Refund. [Source: billing-refunds]")
        let change = try planner.plan(
            .editAndSend(body: "Open Billing and click Refund."), on: detail, by: ann, at: now)
        #expect(change.feedback.map(\.kind) == [.approve])
        #expect(change.messages.first?.citations == detail.draft?.citations)
        let edited = try planner.plan(.editAndSend(body: "Open Billing, then Refund."), on: detail, by: ann, at: now)
        #expect(edited.feedback.map(\.kind) == [.edit])
    }

    @Test func relabelRecordsOldAndNewLabels() throws {
        let change = try planner.plan(
            .relabel(category: "Account", urgency: 5), on: Fixtures.detail(), by: ann, at: now)
        #expect(
            change.ticket.category == "account" && change.ticket.urgency == 5 && change.ticket.categoryConfidence == 1)
        #expect(change.ticket.status == .awaitingReview, "a relabel does not answer the ticket")
        let record = try #require(change.feedback.first)
        #expect(record.kind == .relabel)
        #expect(record.oldCategory == "billing" && record.newCategory == "account")
        #expect(record.oldUrgency == 3 && record.newUrgency == 5)
    }

    @Test func escalateCloseAndHandBackMoveTheTicket() throws {
        let escalated = try planner.plan(
            .escalate(note: "needs a lead", to: "Lead@Example.com"), on: Fixtures.detail(), by: ann, at: now)
        #expect(escalated.ticket.status == .escalated && escalated.ticket.route == .humanNow)
        #expect(escalated.ticket.assignee == "lead@example.com" && escalated.event.details["note"] == "needs a lead")
        let closed = try planner.plan(.close(tags: ["refund", " VIP ", ""]), on: Fixtures.detail(), by: ann, at: now)
        #expect(
            closed.ticket.status == .closed && closed.ticket.tags == ["refund", "vip"]
                && closed.ticket.resolvedAt == now)
        let back = try planner.plan(
            .handBack, on: Fixtures.detail(ticket: Fixtures.ticket(assignee: ann.id)), by: ann, at: now)
        #expect(back.ticket.status == .triaged && back.ticket.assignee == nil && back.draft == nil)
        #expect(back.feedback.isEmpty)
    }

    @Test func refusesWhatTheTicketDoesNotAllow() {
        var noDraft = Fixtures.detail()
        noDraft.draft = nil
        #expect(throws: Refusal(.conflict, "ticket 7 has no draft to send")) {
            try planner.plan(.sendDraft, on: noDraft, by: ann, at: now)
        }
        let closed = Fixtures.detail(ticket: Fixtures.ticket(status: .closed))
        #expect(throws: Refusal(.conflict, "ticket 7 is closed")) {
            try planner.plan(.editAndSend(body: "x"), on: closed, by: ann, at: now)
        }
        #expect(throws: ValidationError.self) {
            try planner.plan(.editAndSend(body: "  "), on: Fixtures.detail(), by: ann, at: now)
        }
        #expect(throws: ValidationError.self) {
            try planner.plan(.relabel(category: nil, urgency: 9), on: Fixtures.detail(), by: ann, at: now)
        }
        #expect(throws: ValidationError.self) {
            try planner.plan(.relabel(category: nil, urgency: nil), on: Fixtures.detail(), by: ann, at: now)
        }
    }

    @Test func onlyAdminsAssign() {
        #expect(AgentAction.assign(to: "x@example.com").requiredRole == .admin)
        #expect(AgentAction.sendDraft.requiredRole == .agent)
        #expect(
            AgentRole.admin.satisfies(.agent) && !AgentRole.agent.satisfies(.admin) && !AgentRole.api.satisfies(.agent))
    }
}
