import Foundation
import Testing
import TicketflowCore
@testable import TicketflowEscalation

/// Internal notes: never a message, allowed on anyone's (and closed) tickets, and the `@names` they mention.
@Suite struct NoteTests {
    let ann = AgentActor(id: "ann@example.com", name: "Ann", role: .agent)
    let now = Fixtures.opened.addingTimeInterval(900)

    @Test func aNoteIsAnEventNeverAMessage() throws {
        let detail = Fixtures.detail(ticket: Fixtures.ticket(status: .closed, assignee: "bob@example.com"))
        let change = try AgentActionPlanner().plan(
            .note(text: "  Customer called too  ", mentions: ["bob@example.com"]), on: detail, by: ann, at: now)
        #expect(change.messages.isEmpty && change.feedback.isEmpty)
        #expect(change.event.kind == .note && change.event.details["note"] == "Customer called too")
        #expect(change.event.mentions == ["bob@example.com"])
        #expect(change.overrideAssignee, "anyone may note on a ticket someone else holds")
        #expect(change.ticket == detail.ticket, "the ticket is untouched, its stamp included")
        #expect(throws: ValidationError.self) {
            _ = try AgentActionPlanner().plan(.note(text: "   "), on: detail, by: ann, at: now)
        }
    }

    @Test func mentionsFindOneTeammateEach() {
        let users = [
            AgentUser(id: 1, email: "ann@example.com", name: "Ann Lee", role: .agent, passwordHash: "", createdAt: now),
            AgentUser(
                id: 2, email: "bo@example.com", name: "Robert Bo", role: .agent, passwordHash: "", createdAt: now),
            AgentUser(
                id: 3, email: "bob@shop.example", name: "Bob Ray", role: .admin, passwordHash: "", createdAt: now),
        ]
        #expect(
            AgentDesk.mentions(in: "@ann please check, cc @bob@shop.example.", among: users) == [
                "ann@example.com", "bob@shop.example",
            ])
        #expect(
            AgentDesk.mentions(in: "@robert and @Robert", among: users) == ["bo@example.com"], "by first name, once")
        #expect(AgentDesk.mentions(in: "@bo here", among: users) == ["bo@example.com"])
        let twoAnns =
            users + [
                AgentUser(
                    id: 4, email: "a.other@example.com", name: "Ann Other", role: .agent, passwordHash: "",
                    createdAt: now)
            ]
        #expect(AgentDesk.mentions(in: "@ann", among: twoAnns) == [], "two people answer to it: nobody is picked")
        #expect(AgentDesk.mentions(in: "@nobody, mail me at x@ann", among: users) == [], "unknown and mid-word @")
    }
}

/// Parking a ticket: pending and on hold stop the SLA clock; the person who parks it keeps it.
@Suite struct ParkingTests {
    let ann = AgentActor(id: "ann@example.com", name: "Ann", role: .agent)
    let now = Fixtures.opened.addingTimeInterval(900)

    @Test func pendingAndHoldParkTheTicketWithItsPerson() throws {
        let planner = AgentActionPlanner()
        let pending = try planner.plan(
            .pending(note: "asked for the order number"), on: Fixtures.detail(), by: ann, at: now)
        #expect(pending.ticket.status == .pending && pending.ticket.assignee == ann.id)
        #expect(pending.event.kind == .pending && pending.event.details["note"] == "asked for the order number")
        #expect(pending.messages.isEmpty)
        let hold = try planner.plan(.hold(note: nil), on: Fixtures.detail(), by: ann, at: now)
        #expect(hold.ticket.status == .onHold && hold.event.details["from_status"] == "awaiting_review")
        for status in [TicketStatus.closed, .autoResolved] {
            #expect(throws: Refusal.self) {
                _ = try planner.plan(
                    .pending(note: nil), on: Fixtures.detail(ticket: Fixtures.ticket(status: status)), by: ann, at: now)
            }
        }
    }

    @Test func theSLAClockCountsFromTheCustomersReturn() {
        let sla = SLAPolicy()
        var ticket = Fixtures.ticket(urgency: 3)
        let day = Fixtures.opened.addingTimeInterval(86_400 * 3)
        #expect(sla.entry(for: ticket, at: day).breached, "three days after opening")
        ticket.slaStartedAt = day.addingTimeInterval(-600)
        let entry = sla.entry(for: ticket, at: day)
        #expect(!entry.breached && entry.waitingSeconds == 600, "counted from the customer's return")
        #expect(sla.dueAt(ticket) > day)
    }
}
