import Foundation
import Synchronization
import Testing
import TicketflowCore
import TicketflowEscalation
import TicketflowSQLite
import TicketflowTesting

/// Packaging is a post-commit step awaited before intake returns: the package
/// is there when the call comes back, and a failure is reported, not dropped,
/// without failing the committed ticket. Real SQLite files throughout.
@Suite struct EscalationPackagingStoreTests {
    static func intake(status: TicketStatus, externalID: String) -> TicketIntake {
        var intake = StoreConformanceTests.intake(externalID: externalID)
        intake.ticket.status = status
        return intake
    }

    @Test func thePackagerSavesThePackagesOfTicketsThatNeedAPerson() async throws {
        try await withTemporaryDirectory { dir in
            let store = try SQLiteStore.open(dataDirectory: dir)
            let failures = Mutex<[Int64]>([])
            let packager = EscalationPackager(desk: AgentDesk(store: store)) { id, _ in
                failures.withLock { $0.append(id) }
            }
            let runner = Task { await packager.run() }
            let packaging = EscalationPackagingStore(base: store, packager: packager)
            let held = try await packaging.createTicket(Self.intake(status: .awaitingReview, externalID: "held"))
            let answered = try await packaging.createTicket(Self.intake(status: .autoResolved, externalID: "done"))
            // No polling: the packager says when what it was handed is saved.
            await packager.idle()
            #expect(
                try await store.escalationPackage(ticketID: held.detail.ticket.id)?.ticketID == held.detail.ticket.id)
            #expect(try await store.escalationPackage(ticketID: answered.detail.ticket.id) == nil)
            #expect(failures.withLock { $0 }.isEmpty)
            packager.finish()
            await runner.value
        }
    }

    @Test func finishingDrainsWhatWasQueued() async throws {
        try await withTemporaryDirectory { dir in
            let store = try SQLiteStore.open(dataDirectory: dir)
            let packager = EscalationPackager(desk: AgentDesk(store: store))
            let packaging = EscalationPackagingStore(base: store, packager: packager)
            // Queued before anything runs, as during a burst at shutdown.
            var ids: [Int64] = []
            for index in 0..<20 {
                ids.append(try await packaging.createTicket(
                    Self.intake(status: .escalated, externalID: "burst-\(index)")).detail.ticket.id)
            }
            #expect(packager.pending == 20)
            packager.finish()
            await packager.run()
            #expect(packager.pending == 0)
            for id in ids { #expect(try await store.escalationPackage(ticketID: id) != nil) }
        }
    }

    @Test func aPackageThatCannotBeSavedIsReportedAndTheTicketStaysCommitted() async throws {
        try await withTemporaryDirectory { dir in
            let store = try SQLiteStore.open(dataDirectory: dir + "/tickets")
            // The desk saves into another, empty database, where the package's
            // ticket does not exist: the foreign key refuses it, a real failure.
            let elsewhere = try SQLiteStore.open(dataDirectory: dir + "/elsewhere")
            let failures = Mutex<[(Int64, String)]>([])
            let packager = EscalationPackager(desk: AgentDesk(store: elsewhere)) { id, error in
                failures.withLock { $0.append((id, "\(error)")) }
            }
            let runner = Task { await packager.run() }
            let packaging = EscalationPackagingStore(base: store, packager: packager)
            let result = try await packaging.createTicket(Self.intake(status: .escalated, externalID: "held"))
            await packager.idle()
            packager.finish()
            await runner.value
            #expect(result.created)
            let id = result.detail.ticket.id
            #expect(try await store.ticketDetail(id: id)?.ticket.status == .escalated)
            let reported = failures.withLock { $0 }
            #expect(reported.map(\.0) == [id], "\(reported)")
            #expect(try await store.escalationPackage(ticketID: id) == nil)
        }
    }
}
