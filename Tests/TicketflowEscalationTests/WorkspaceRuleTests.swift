import Foundation
import Testing
import TicketflowCore
@testable import TicketflowEscalation

/// The pure rules behind tags, merges and round-robin assignment.
@Suite struct WorkspaceRuleTests {
    let ann = AgentActor(id: "ann@example.com", name: "Ann", role: .agent)
    let now = Fixtures.opened.addingTimeInterval(900)

    @Test func tagsAreCleanedAndWorkOnClosedTicketsHeldBySomeoneElse() throws {
        var ticket = Fixtures.ticket(status: .closed, assignee: "bob@example.com")
        ticket.tags = ["vip", "refund"]
        let change = try AgentActionPlanner().plan(
            .tag(add: [" Shipping ", "VIP", "shipping", ""], remove: ["refund", "unknown"]),
            on: Fixtures.detail(ticket: ticket), by: ann, at: now)
        #expect(change.ticket.tags == ["vip", "shipping"])
        #expect(change.event.details["added"] == "shipping,vip" && change.event.details["removed"] == "refund,unknown")
        #expect(change.overrideAssignee && change.ticket.assignee == "bob@example.com")
        #expect(change.ticket.status == .closed && change.ticket.updatedAt == now)
        #expect(throws: ValidationError.self) {
            _ = try AgentActionPlanner().plan(.tag(add: [" "], remove: []), on: Fixtures.detail(), by: ann, at: now)
        }
        #expect(throws: ValidationError.self) {
            _ = try AgentActionPlanner().plan(
                .tag(add: (0..<21).map { "t\($0)" }, remove: []), on: Fixtures.detail(), by: ann, at: now)
        }
    }

    @Test func aMergeClosesTheDuplicateAndPointsAtTheTarget() throws {
        let change = try AgentActionPlanner().plan(.merge(into: 3), on: Fixtures.detail(), by: ann, at: now)
        #expect(change.ticket.status == .closed && change.ticket.continuedIn == 3 && change.ticket.resolvedAt == now)
        #expect(change.ticket.tags == ["duplicate"] && change.draft == nil)
        #expect(change.event.kind == .merge && change.event.details["into"] == "3")
        #expect(throws: ValidationError.self) {
            _ = try AgentActionPlanner().plan(.merge(into: 7), on: Fixtures.detail(), by: ann, at: now)
        }
        var merged = Fixtures.ticket()
        merged.continuedIn = 3
        #expect(throws: Refusal.self) {
            _ = try AgentActionPlanner().plan(.merge(into: 4), on: Fixtures.detail(ticket: merged), by: ann, at: now)
        }
    }

    @Test func theTranscriptNamesEveryMessageAndStaysBounded() {
        let detail = Fixtures.detail(messages: ["First mail", "Second mail"])
        let text = AgentDesk.transcript(of: detail, mergedBy: ann)
        #expect(text.hasPrefix("Merged from ticket #7 (Charged twice) by Ann."))
        #expect(text.contains("First mail") && text.contains("Second mail"))
        let long = Fixtures.detail(messages: (0..<30).map { _ in String(repeating: "word ", count: 200) })
        let cut = AgentDesk.transcript(of: long, mergedBy: ann)
        #expect(cut.count <= AgentDesk.maximumMergedTranscript + 100 && cut.contains("the rest is on ticket #7"))
    }

    @Test func roundRobinTakesTurnsAmongThePoolsOnlinePeople() {
        func user(_ email: String, seen: TimeInterval?, role: AgentRole = .agent, active: Bool = true) -> AgentUser {
            AgentUser(
                id: 1, email: email, name: email, role: role, passwordHash: "", createdAt: now,
                deactivatedAt: active ? nil : now, lastSeenAt: seen.map { now.addingTimeInterval(-$0) })
        }
        let users = [
            user("cat@x.io", seen: 60), user("ann@x.io", seen: 0), user("old@x.io", seen: 3600),
            user("gone@x.io", seen: 0, active: false), user("new@x.io", seen: nil),
            user("api@x.io", seen: 0, role: .api),
            user("bob@x.io", seen: 10),
        ]
        let rules = AssignmentRules(mode: .roundRobin, onlineMinutes: 15, pools: ["billing": ["bob@x.io", "old@x.io"]])
        #expect(rules.candidates(for: "shipping", among: users, at: now) == ["ann@x.io", "bob@x.io", "cat@x.io"])
        #expect(rules.candidates(for: "billing", among: users, at: now) == ["bob@x.io"])
        #expect(rules.rotation(for: "billing") == "billing" && rules.rotation(for: "shipping") == "*")
        let everyone = ["ann@x.io", "bob@x.io", "cat@x.io"]
        #expect(AssignmentRules.next(after: nil, in: everyone) == "ann@x.io")
        #expect(AssignmentRules.next(after: "ann@x.io", in: everyone) == "bob@x.io")
        #expect(AssignmentRules.next(after: "cat@x.io", in: everyone) == "ann@x.io", "wraps")
        #expect(AssignmentRules.next(after: "bo", in: everyone) == "bob@x.io", "someone who left: the next one")
        #expect(AssignmentRules.next(after: "ann@x.io", in: []) == nil)
    }
}
