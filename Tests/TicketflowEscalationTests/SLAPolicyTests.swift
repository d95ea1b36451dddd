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

    /// Monday to Friday, 09:00–17:00 in New York.
    static let newYork = BusinessHours(
        timeZone: TimeZone(identifier: "America/New_York")!, weekdays: [2, 3, 4, 5, 6], opens: 9 * 60, closes: 17 * 60)

    static func utc(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test func businessHoursCountWorkingTimeOnly() {
        let hours = Self.newYork
        // Wednesday 2027-01-13 10:00 EST (15:00 UTC) + 2 h: same day, 12:00 EST.
        #expect(hours.adding(7200, to: Self.utc("2027-01-13T15:00:00Z")) == Self.utc("2027-01-13T17:00:00Z"))
        // Before opening: the clock starts at 09:00.
        #expect(hours.adding(3600, to: Self.utc("2027-01-13T11:00:00Z")) == Self.utc("2027-01-13T15:00:00Z"))
        // Friday 16:00 EST + 4 h: 1 h on Friday, 3 h on Monday → Monday 12:00 EST.
        #expect(hours.adding(4 * 3600, to: Self.utc("2027-01-15T21:00:00Z")) == Self.utc("2027-01-18T17:00:00Z"))
        // Saturday: nothing counts until Monday 09:00.
        #expect(hours.adding(60, to: Self.utc("2027-01-16T15:00:00Z")) == Self.utc("2027-01-18T14:01:00Z"))
        // 24 h of working time is three working days.
        #expect(hours.adding(24 * 3600, to: Self.utc("2027-01-18T14:00:00Z")) == Self.utc("2027-01-20T22:00:00Z"))
        // Across the spring change (2027-03-14): opening is 09:00 local on both sides.
        #expect(hours.adding(3600, to: Self.utc("2027-03-12T21:30:00Z")) == Self.utc("2027-03-15T13:30:00Z"))
    }

    @Test func theSLAClockUsesBusinessHoursWhenSet() {
        let friday = Self.utc("2027-01-15T21:00:00Z")  // 16:00 EST
        let ticket = Fixtures.ticket(urgency: 5, createdAt: friday)  // p1: 1 h
        #expect(SLAPolicy().dueAt(ticket) == friday.addingTimeInterval(3600), "around the clock by default")
        let policy = SLAPolicy(businessHours: Self.newYork)
        #expect(policy.dueAt(ticket) == Self.utc("2027-01-15T22:00:00Z"), "an hour left before closing")
        let late = Fixtures.ticket(urgency: 5, createdAt: friday.addingTimeInterval(1800))
        #expect(policy.dueAt(late) == Self.utc("2027-01-18T14:30:00Z"), "the rest on Monday morning")
    }
}
