import Foundation
import Testing
import TicketflowCore

@Suite struct WebhookRulesTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    static let hook = WebhookSubscription(
        id: 1, url: "https://example.com/h", eventTypes: [.ticketCreated, .ticketResolved], enabled: true,
        disabledReason: nil, cursor: 10, consecutiveFailures: 0, nextAttemptAt: t0, createdAt: t0)

    @Test func failuresBackOffAndTurnTheSubscriptionOffAtTheLimit() {
        let rules = WebhookRules(
            backoff: RetryBackoff(baseSeconds: 10, maximumSeconds: 3600, jitter: 0), disableAfterFailures: 3)
        var state = Self.hook
        var delays: [Double] = []
        for _ in 1...3 {
            state = rules.afterFailure(state, reason: "HTTP 503", at: Self.t0, unitRandom: 0.5)
            delays.append(state.nextAttemptAt.timeIntervalSince(Self.t0))
        }
        #expect(delays == [10, 20, 40])
        #expect(state.cursor == 10, "a failure never moves the cursor")
        #expect(!state.enabled && state.disabledReason == "turned off after 3 failed attempts in a row; last: HTTP 503")
        let back = rules.enabled(state, at: Self.t0.addingTimeInterval(99))
        #expect(back.enabled && back.disabledReason == nil && back.consecutiveFailures == 0)
        #expect(back.nextAttemptAt == Self.t0.addingTimeInterval(99) && back.cursor == 10)
    }

    @Test func successMovesTheCursorForwardOnlyAndClearsFailures() {
        let rules = WebhookRules()
        var failing = rules.afterFailure(Self.hook, reason: "x", at: Self.t0, unitRandom: 0.5)
        failing = rules.afterSuccess(failing, through: 14, at: Self.t0)
        #expect(failing.cursor == 14 && failing.consecutiveFailures == 0 && failing.nextAttemptAt == Self.t0)
        #expect(rules.afterSuccess(failing, through: 12, at: Self.t0).cursor == 14)
        #expect(Self.hook.wants(.ticketCreated) && !Self.hook.wants(.messageCreated))
        var all = Self.hook
        all.eventTypes = []
        #expect(IntegrationEventType.allCases.allSatisfy(all.wants))
    }

    @Test func eventsFollowTheTicketsLifeCycle() {
        let t = Ticket(id: 7, channel: .email, subject: "s", status: .triaged, route: .aiOnly, createdAt: Self.t0)
        let message = Message(id: 3, ticketID: 7, author: .customer, body: "b", createdAt: Self.t0)
        let created = IntegrationEventRules.events(previous: nil, current: t, messages: [message], at: Self.t0)
        #expect(created.map(\.type) == [.ticketCreated, .messageCreated] && created[1].messageID == 3)
        var escalated = t
        escalated.status = .escalated
        #expect(
            IntegrationEventRules.events(previous: t, current: escalated, messages: [], at: Self.t0).map(\.type)
                == [.ticketUpdated, .ticketEscalated])
        #expect(
            IntegrationEventRules.events(previous: escalated, current: escalated, messages: [], at: Self.t0).isEmpty)
        var resolved = escalated
        resolved.status = .resolved
        #expect(
            IntegrationEventRules.events(previous: escalated, current: resolved, messages: [], at: Self.t0).map(\.type)
                == [.ticketUpdated, .ticketResolved])
    }
}
