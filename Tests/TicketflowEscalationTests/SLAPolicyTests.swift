import Foundation
import Testing
import TicketflowCore
import TicketflowEscalation

@Suite struct SLAPolicyTests {
    let policy = SLAPolicy()

    @Test func priorityFollowsUrgencyRouteAndRisk() {
        #expect(policy.priority(of: Fixtures.ticket(urgency: 5)) == .p1)
        #expect(policy.priority(of: Fixtures.ticket(urgency: 2, route: .humanNow)) == .p1)
        #expect(policy.priority(of: Fixtures.ticket(urgency: 4)) == .p2)
        #expect(policy.priority(of: Fixtures.ticket(urgency: 2, sentiment: .negative)) == .p2)
        #expect(policy.priority(of: Fixtures.ticket(urgency: 1, risk: true)) == .p2)
        #expect(policy.priority(of: Fixtures.ticket(urgency: 3)) == .p3)
    }

    @Test func queueOrdersByTheSLAClockThenPriorityThenWait() {
        let t0 = Fixtures.opened
        let now = t0.addingTimeInterval(23 * 3600)
        // Opened 23 h ago at p3: due in 1 h, level with the p1 opened just now.
        let oldLow = Fixtures.ticket(id: 1, urgency: 2, createdAt: t0)
        let freshUrgent = Fixtures.ticket(id: 2, urgency: 5, createdAt: now)
        let p2 = Fixtures.ticket(id: 3, urgency: 4, createdAt: now.addingTimeInterval(-3600))  // due in 3 h
        let breached = Fixtures.ticket(id: 4, urgency: 5, createdAt: now.addingTimeInterval(-7200))  // 1 h overdue
        let order = policy.order([oldLow, freshUrgent, p2, breached], at: now)
        #expect(order.map(\.ticket.id) == [4, 2, 1, 3])
        #expect(order[0].breached && order[0].remainingSeconds == -3600)
        #expect(order[1].waitingSeconds == 0 && !order[1].breached)
        #expect(order[2].priority == .p3 && order[2].waitingSeconds == 23 * 3600)
    }

    @Test func customTargetsMoveTheDueTime() {
        let policy = SLAPolicy(targets: [.p1: 600, .p2: 1200, .p3: 1800])
        #expect(policy.dueAt(Fixtures.ticket(urgency: 3)) == Fixtures.opened.addingTimeInterval(1800))
    }
}
