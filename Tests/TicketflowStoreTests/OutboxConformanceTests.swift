import Foundation
import Testing
import TicketflowCore

/// The outbox on both stores: a message with a delivery address is stored
/// with its delivery and the job that sends it, in the same transaction, on
/// every write path; attempts and redeliveries update it as the rules say.
@Suite struct OutboxConformanceTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    static let address = DeliveryAddress(channel: .email, recipient: "ann@example.com")

    @Test(arguments: StoreKind.allCases) func eachWritePathQueuesItsReplies(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            var intake = StoreConformanceTests.intake()
            intake.messages.append(
                NewMessage(author: .ai, body: "Here is how", createdAt: Self.t0, delivery: Self.address))
            let created = try await store.createTicket(intake).detail
            let first = try #require(created.messages.last?.delivery)
            #expect(created.messages.first?.delivery == nil, "the customer's own message goes nowhere")
            #expect(first.status == .queued && first.recipient == "ann@example.com" && first.attempts == 0)
            #expect(first.messageID == created.messages.last?.id && first.ticketID == created.ticket.id)
            let jobID = try #require(try await Self.jobID(store, first))
            let job = try #require(try await store.job(id: jobID))
            #expect(job.kind == OutboxPolicy.jobKind && DeliveryJobs.deliveryID(of: job) == first.id)
            #expect(try await store.ticketDetail(id: created.ticket.id) == created, "read back with its delivery")

            var ticket = created.ticket
            ticket.updatedAt = Self.t0.addingTimeInterval(5)
            let appended = try await store.appendToTicket(
                TicketUpdate(
                    ticket: ticket,
                    messages: [
                        NewMessage(author: .ai, body: "More", createdAt: ticket.updatedAt, delivery: Self.address)
                    ],
                    draft: nil, trace: []))
            #expect(appended.messages.last?.delivery?.status == .queued)

            let agent = try await store.applyAgentChange(
                AgentStoreConformanceTests.change(
                    appended, actor: "bo@example.com", at: Self.t0.addingTimeInterval(9), kind: .editAndSend,
                    reply: "Refunded"))
            #expect(agent.messages.last?.delivery == nil, "the change's message had no address")
            #expect(try await store.jobStats()[.pending] == 2)
        }
    }

    static func jobID(_ store: any ConformingStore, _ delivery: Delivery) async throws -> Int64? {
        try await store.job(dedupeKey: "delivery-\(delivery.id)-0")?.id
    }

    @Test(arguments: StoreKind.allCases) func attemptsAndRedeliveries(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            var intake = StoreConformanceTests.intake()
            intake.messages.append(NewMessage(author: .ai, body: "Hi", createdAt: Self.t0, delivery: Self.address))
            let delivery = try #require(try await store.createTicket(intake).detail.messages.last?.delivery)

            let retrying = try #require(
                try await store.recordDeliveryAttempt(
                    id: delivery.id, status: .queued, error: "SMTP 451 try later", providerID: nil,
                    at: Self.t0.addingTimeInterval(1)))
            #expect(retrying.status == .queued && retrying.attempts == 1 && retrying.lastError == "SMTP 451 try later")
            #expect(try await store.redeliver(id: delivery.id, at: Self.t0) == retrying, "only a failed one is redone")

            let failed = try #require(
                try await store.recordDeliveryAttempt(
                    id: delivery.id, status: .failed, error: "SMTP 550 5.1.1 no such user", providerID: nil,
                    at: Self.t0.addingTimeInterval(2)))
            #expect(failed.status == .failed && failed.attempts == 2 && failed.sentAt == nil)
            let again = try #require(try await store.redeliver(id: delivery.id, at: Self.t0.addingTimeInterval(3)))
            #expect(again.status == .queued)
            #expect(try await store.job(dedupeKey: "delivery-\(delivery.id)-2") != nil, "a fresh job for the retry")
            #expect(try await store.redeliver(id: 999_999, at: Self.t0) == nil)

            let sent = try #require(
                try await store.recordDeliveryAttempt(
                    id: delivery.id, status: .sent, error: nil, providerID: "abc@example.test",
                    at: Self.t0.addingTimeInterval(4)))
            #expect(sent.status == .sent && sent.providerID == "abc@example.test" && sent.lastError == nil)
            #expect(sent.sentAt == Self.t0.addingTimeInterval(4) && sent.attempts == 3)
            #expect(try await store.delivery(id: delivery.id) == sent)
        }
    }

    @Test(arguments: StoreKind.allCases) func aDeliveryWhoseLastAttemptDiedIsFailed(kind: StoreKind) async throws {
        try await withStore(kind) { store in
            var intake = StoreConformanceTests.intake()
            intake.messages.append(NewMessage(author: .ai, body: "Hi", createdAt: Self.t0, delivery: Self.address))
            let delivery = try #require(try await store.createTicket(intake).detail.messages.last?.delivery)
            let service = DeliveryService(store: store, adapters: [], now: { Self.t0.addingTimeInterval(9_000) })
            // Every attempt's node dies mid-send: each lease runs out, and the next claim after the last one
            // dead-letters the job without the handler ever recording anything.
            for attempt in 0...DeliveryJobs.maxAttempts {
                _ = try await store.claimJobs(
                    worker: "node-\(attempt)", kinds: [OutboxPolicy.jobKind], leaseSeconds: 100, limit: 1,
                    at: Self.t0.addingTimeInterval(Double(attempt) * 200))
            }
            #expect(try await store.delivery(id: delivery.id)?.status == .queued, "nothing moved it yet")
            #expect(try await service.settleAbandoned(queue: store) == 1)
            let failed = try #require(try await store.delivery(id: delivery.id))
            #expect(failed.status == .failed)
            #expect(failed.lastError?.hasPrefix("the last attempt did not finish") == true, "\(failed)")
            let events = try await store.integrationEvents(after: 0, limit: 50)
            #expect(events.last?.type == .deliveryFailed)
            #expect(try await service.settleAbandoned(queue: store) == 0, "settled once")

            // An agent's redelivery after the job died is a new attempt series: the old dead job is not its own.
            _ = try await store.redeliver(id: delivery.id, at: Self.t0.addingTimeInterval(9_500))
            #expect(try await service.settleAbandoned(queue: store) == 0)
            #expect(try await store.delivery(id: delivery.id)?.status == .queued)
        }
    }
}
