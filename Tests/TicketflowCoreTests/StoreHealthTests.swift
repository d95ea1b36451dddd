import Foundation
import Testing
import TicketflowCore

/// The write-health recorder on its own: failures count until a success,
/// and low free space degrades without any failure.
@Suite struct StoreHealthTests {
    @Test func failuresCountUntilAWriteSucceeds() {
        let health = StoreHealth()
        #expect(health.report().status == .ok)
        health.recordWriteSuccess()
        let at = Date(timeIntervalSince1970: 1_800_000_000)
        health.recordWriteFailure(.init(kind: .ioError, detail: "SQLITE_IOERR: disk I/O error", at: at))
        health.recordWriteFailure(.init(kind: .diskFull, detail: "SQLITE_FULL: database or disk is full", at: at))
        let report = health.report()
        #expect(report.status == .degraded)
        #expect(report.failedWrites == 2)
        #expect(report.lastFailure?.kind == .diskFull)
        #expect(
            report.reason == """
                2 writes failed since the last successful write; last: disk_full \
                (SQLITE_FULL: database or disk is full) at 2027-01-15T08:00:00Z
                """)
        health.recordWriteSuccess()
        #expect(health.report() == StoreHealth().report())
    }

    @Test func lowFreeSpaceDegradesBeforeAnyWriteFails() {
        let free = 10 << 20
        let health = StoreHealth(freeSpace: { Int64(free) }, minimumFreeBytes: 64 << 20)
        let report = health.report()
        #expect(report.status == .degraded)
        #expect(report.freeBytes == Int64(free))
        #expect(report.reason == "low disk space: 10 MiB free where the database lives, below the 64 MiB minimum")
        #expect(StoreHealth(freeSpace: { 1 << 30 }).report().status == .ok)
        #expect(StoreHealth(freeSpace: { nil }).report().status == .ok, "unknown free space is not a failure")
    }
}
