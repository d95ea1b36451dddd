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

    @Test func thePackageIsSavedBeforeIntakeReturns() async throws {
        try await withTemporaryDirectory { dir in
            let store = try SQLiteStore.open(dataDirectory: dir)
            let failures = Mutex<[Int64]>([])
            let packaging = EscalationPackagingStore(base: store, desk: AgentDesk(store: store)) { id, _ in
                failures.withLock { $0.append(id) }
            }
            let held = try await packaging.createTicket(Self.intake(status: .awaitingReview, externalID: "held"))
            // No polling: the step was awaited.
            #expect(
                try await store.escalationPackage(ticketID: held.detail.ticket.id)?.ticketID == held.detail.ticket.id)
            let answered = try await packaging.createTicket(Self.intake(status: .autoResolved, externalID: "done"))
            #expect(try await store.escalationPackage(ticketID: answered.detail.ticket.id) == nil)
            #expect(failures.withLock { $0 }.isEmpty)
        }
    }

    @Test func aPackageThatCannotBeSavedIsReportedAndTheTicketStaysCommitted() async throws {
        try await withTemporaryDirectory { dir in
            let store = try SQLiteStore.open(dataDirectory: dir + "/tickets")
            // The desk saves into another, empty database, where the package's
            // ticket does not exist: the foreign key refuses it, a real failure.
            let elsewhere = try SQLiteStore.open(dataDirectory: dir + "/elsewhere")
            let failures = Mutex<[(Int64, String)]>([])
            let packaging = EscalationPackagingStore(base: store, desk: AgentDesk(store: elsewhere)) { id, error in
                failures.withLock { $0.append((id, "\(error)")) }
            }
            let result = try await packaging.createTicket(Self.intake(status: .escalated, externalID: "held"))
            #expect(result.created)
            let id = result.detail.ticket.id
            #expect(try await store.ticketDetail(id: id)?.ticket.status == .escalated)
            let reported = failures.withLock { $0 }
            #expect(reported.map(\.0) == [id], "\(reported)")
            #expect(try await store.escalationPackage(ticketID: id) == nil)
        }
    }
}
