import Foundation
import Testing
import TicketflowCore

/// Webhook subscriptions behave the same on both stores: a subscription is
/// leased to one dispatcher at a time, only while it has events to send, and
/// a settle needs the lease.
@Suite struct WebhookConformanceTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    @Test(arguments: StoreKind.allCases) func leasesOnlyDueSubscriptionsWithNewEvents(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            _ = try await store.createTicket(StoreConformanceTests.intake("before", externalID: "x0"))
            let hook = try await store.createWebhook(
                url: "http://127.0.0.1:1/hooks", eventTypes: [.ticketCreated], secret: "whsec_1", at: Self.t0)
            let before = try await store.integrationEvents(after: 0, limit: 50)
            #expect(hook.cursor == before.last!.id, "a new subscription starts after the events so far")
            #expect(hook.enabled && hook.eventTypes == [.ticketCreated] && hook.consecutiveFailures == 0)
            #expect(try await store.claimDueWebhooks(worker: "a", leaseSeconds: 60, limit: 8, at: Self.t0).isEmpty)

            _ = try await store.createTicket(StoreConformanceTests.intake("after", externalID: "x1"))
            let leased = try await store.claimDueWebhooks(worker: "a", leaseSeconds: 60, limit: 8, at: Self.t0)
            #expect(leased.map(\.subscription.id) == [hook.id] && leased.first?.secret == "whsec_1")
            #expect(try await store.claimDueWebhooks(worker: "b", leaseSeconds: 60, limit: 8, at: Self.t0).isEmpty)
            // A crashed node's lease runs out and another node takes over.
            let later = Self.t0.addingTimeInterval(61)
            #expect(try await store.claimDueWebhooks(worker: "b", leaseSeconds: 60, limit: 8, at: later).count == 1)

            var moved = hook
            moved.cursor = try await store.integrationEvents(after: 0, limit: 50).last!.id
            let attempt = WebhookAttempt(
                id: 0, subscriptionID: hook.id, eventID: moved.cursor, eventType: .ticketCreated, statusCode: 204,
                error: nil, durationMs: 3.5, createdAt: later)
            #expect(try await store.settleWebhook(moved, attempts: [attempt], worker: "a") == false, "lease lost")
            #expect(try await store.settleWebhook(moved, attempts: [attempt], worker: "b"))
            let log = try await store.webhookAttempts(subscriptionID: hook.id, limit: 10)
            #expect(log.count == 1 && log[0].statusCode == 204 && log[0].eventID == moved.cursor && log[0].succeeded)
            #expect(try await store.webhook(id: hook.id)?.cursor == moved.cursor)
            #expect(try await store.claimDueWebhooks(worker: "a", leaseSeconds: 60, limit: 8, at: later).isEmpty)
        }
    }

    @Test(arguments: StoreKind.allCases) func anAdminsTurnOffOutlastsARunningAttempt(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            let hook = try await store.createWebhook(
                url: "http://127.0.0.1:1/hooks", eventTypes: [], secret: "s", at: Self.t0)
            _ = try await store.createTicket(StoreConformanceTests.intake())
            let lease = try #require(
                try await store.claimDueWebhooks(worker: "a", leaseSeconds: 60, limit: 8, at: Self.t0).first)
            var off = hook
            off.enabled = false
            off.disabledReason = "turned off by admin@example.com"
            #expect(try await store.saveWebhookState(off))
            // The run that was under way settles as if it were still on.
            let failed = WebhookRules().afterFailure(
                lease.subscription, reason: "HTTP 500", at: Self.t0, unitRandom: 0.5)
            #expect(try await store.settleWebhook(failed, attempts: [], worker: "a"))
            let stored = try #require(try await store.webhook(id: hook.id))
            #expect(!stored.enabled && stored.disabledReason == "turned off by admin@example.com")
            #expect(stored.consecutiveFailures == 1)
            #expect(try await store.claimDueWebhooks(worker: "a", leaseSeconds: 60, limit: 8, at: Self.t0).isEmpty)
            #expect(try await store.webhooks().map(\.id) == [hook.id])
            #expect(try await store.deleteWebhook(id: hook.id))
            #expect(try await store.deleteWebhook(id: hook.id) == false)
            #expect(try await store.webhook(id: hook.id) == nil)
        }
    }

    @Test(arguments: StoreKind.allCases) func autoDisableKeepsTheDispatchersReason(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            _ = try await store.createWebhook(url: "http://127.0.0.1:1/hooks", eventTypes: [], secret: "s", at: Self.t0)
            _ = try await store.createTicket(StoreConformanceTests.intake())
            let lease = try #require(
                try await store.claimDueWebhooks(worker: "a", leaseSeconds: 60, limit: 8, at: Self.t0).first)
            let rules = WebhookRules(disableAfterFailures: 1)
            let off = rules.afterFailure(lease.subscription, reason: "HTTP 410: gone", at: Self.t0, unitRandom: 0.5)
            #expect(try await store.settleWebhook(off, attempts: [], worker: "a"))
            let stored = try #require(try await store.webhook(id: lease.subscription.id))
            #expect(!stored.enabled && stored.disabledReason?.contains("HTTP 410: gone") == true)
        }
    }
}
