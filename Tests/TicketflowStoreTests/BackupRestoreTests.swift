import Foundation
import Testing
import TicketflowCore
import TicketflowSQLite
import TicketflowTesting

/// `SQLiteStore.backup(to:)` on a real file while writes go on, and the
/// documented restore (stop, copy the backup in place, start).
@Suite struct BackupRestoreTests {
    static func intake(_ body: String) -> TicketIntake {
        StoreConformanceTests.intake(body)
    }

    @Test func anOnlineBackupRestoresEveryTicket() async throws {
        try await withTemporaryDirectory { dir in
            let live = dir + "/live"
            let store = try SQLiteStore.open(dataDirectory: live)
            var before: [Int64] = []
            for index in 0..<150 {
                before.append(try await store.createTicket(Self.intake("before \(index)")).detail.ticket.id)
            }
            // One writer keeps going while the backup copies, as a running server would.
            let writer = Task {
                var ids: [Int64] = []
                for index in 0..<150 {
                    ids.append(try await store.createTicket(Self.intake("during \(index)")).detail.ticket.id)
                }
                return ids
            }
            try await Task.sleep(for: .milliseconds(5))
            let backup = dir + "/backup.sqlite"
            let summary = try store.backup(to: backup)
            let during = try await writer.value
            #expect(summary.path == backup)
            #expect(summary.tickets >= before.count && summary.tickets <= before.count + during.count)
            #expect(summary.bytes == Int64(try Data(contentsOf: URL(fileURLWithPath: backup)).count))
            #expect(try FileManager.default.attributesOfItem(atPath: backup)[.posixPermissions] as? Int == 0o600)
            #expect(!FileManager.default.fileExists(atPath: backup + "-wal"), "the backup is one self-contained file")
            var expected: [Int64: TicketDetail] = [:]
            for id in before + during { expected[id] = try await store.ticketDetail(id: id) }

            // Restore as docs/operations.md says: stop, move the old files aside, copy the backup in place, start.
            try store.close()
            for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: store.path + suffix) {
                try FileManager.default.moveItem(atPath: store.path + suffix, toPath: dir + "/old\(suffix)")
            }
            try FileManager.default.copyItem(atPath: backup, toPath: store.path)
            let restored = try SQLiteStore.open(dataDirectory: live)
            #expect(try await restored.ticketCount() == summary.tickets)
            for id in before {
                #expect(try await restored.ticketDetail(id: id) == expected[id], "ticket \(id)")
            }
            // The copy is one snapshot: the tickets written during the backup that it
            // holds are the first ones, each whole.
            let copied = Array(during.prefix(summary.tickets - before.count))
            for id in copied {
                #expect(try await restored.ticketDetail(id: id) == expected[id], "ticket \(id)")
            }
            for id in during.dropFirst(copied.count) {
                #expect(try await restored.ticketDetail(id: id) == nil)
            }
            // And it takes new writes.
            #expect(try await restored.createTicket(Self.intake("after the restore")).created)
        }
    }

    @Test func aBackupNeverOverwritesUnlessAsked() async throws {
        try await withTemporaryDirectory { dir in
            let store = try SQLiteStore.open(dataDirectory: dir + "/live")
            _ = try await store.createTicket(Self.intake("first"))
            let backup = dir + "/backup.sqlite"
            #expect(try store.backup(to: backup).tickets == 1)
            let original = try Data(contentsOf: URL(fileURLWithPath: backup))

            _ = try await store.createTicket(Self.intake("second"))
            #expect(throws: StoreError(.conflict, "\(backup) already exists; refusing to overwrite it")) {
                try store.backup(to: backup)
            }
            #expect(try Data(contentsOf: URL(fileURLWithPath: backup)) == original)

            // A stale log beside the old file goes with it, or it would be replayed onto the new copy.
            try Data("stale".utf8).write(to: URL(fileURLWithPath: backup + "-wal"))
            #expect(try store.backup(to: backup, overwrite: true).tickets == 2)
            #expect(!FileManager.default.fileExists(atPath: backup + "-wal"))
            #expect(try await SQLiteStore(path: backup).ticketCount() == 2)
        }
    }

    @Test func aBackupIntoAMissingFolderFailsWithoutLeavingAFile() async throws {
        try await withTemporaryDirectory { dir in
            let store = try SQLiteStore.open(dataDirectory: dir + "/live")
            let target = dir + "/no-such-folder/backup.sqlite"
            #expect(throws: StoreError.self) { try store.backup(to: target) }
            #expect(!FileManager.default.fileExists(atPath: target))
        }
    }
}
