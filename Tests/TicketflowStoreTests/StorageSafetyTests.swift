import Foundation
import Testing
import TicketflowCore
import TicketflowPostgres
import TicketflowSQLite
import TicketflowTesting

/// What the SQLite store does with damaged, half-copied and full storage, on
/// real files: it refuses to start with a message that names the file and
/// what to do, keeps its files to the owner, and records failed writes.
@Suite struct StorageSafetyTests {
    /// A store in `directory` holding `count` tickets, closed so everything is in the main file.
    static func closedStore(in directory: String, tickets count: Int) async throws -> String {
        let store = try SQLiteStore.open(dataDirectory: directory)
        for index in 0..<count {
            let body = "Ticket \(index): " + String(repeating: "my invoice is wrong again ", count: 8)
            _ = try await store.createTicket(StoreConformanceTests.intake(body))
        }
        try store.close()
        return store.path
    }

    static func size(_ path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int
    }

    static func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return try #require(attributes[.posixPermissions] as? Int)
    }

    static func refusal(_ open: () throws -> SQLiteStore) throws -> String {
        do {
            _ = try open()
        } catch let error as StoreError {
            #expect(error.code == .unavailable)
            return error.message
        }
        Issue.record("the store opened")
        return ""
    }

    @Test func corruptMiddlePagesAreRefusedAtOpen() async throws {
        try await withTemporaryDirectory { dir in
            let path = try await Self.closedStore(in: dir, tickets: 400)
            #expect(Self.size(path + "-wal") ?? 0 == 0, "close() leaves every commit in the main file")
            let size = try #require(FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
            let pageSize = 4096
            #expect(size / pageSize > 50, "the database spans many pages (\(size) bytes)")
            // Garbage over two pages in the middle; page 1 (the header) stays intact.
            let handle = try #require(FileHandle(forWritingAtPath: path))
            try handle.seek(toOffset: UInt64((size / pageSize / 2) * pageSize))
            var generator = SystemRandomNumberGenerator()
            try handle.write(
                contentsOf: Data((0..<(2 * pageSize)).map { _ in UInt8.random(in: 0...255, using: &generator) }))
            try handle.close()

            let message = try Self.refusal { try SQLiteStore(path: path) }
            #expect(message.contains(path))
            #expect(message.contains("integrity check found damage"), "\(message)")
            #expect(message.contains("restore the latest backup"))
        }
    }

    @Test func aGarbageHeaderIsRefusedWithTheSameAdvice() async throws {
        try await withTemporaryDirectory { dir in
            let path = try await Self.closedStore(in: dir, tickets: 5)
            let handle = try #require(FileHandle(forWritingAtPath: path))
            try handle.write(contentsOf: Data(repeating: 0x41, count: 100))
            try handle.close()
            let message = try Self.refusal { try SQLiteStore(path: path) }
            #expect(message.contains(path))
            #expect(message.contains("restore the latest backup"), "\(message)")
        }
    }

    @Test func anEmptyDatabaseBesideAWriteAheadLogIsRefused() async throws {
        try await withTemporaryDirectory { dir in
            // A live store's WAL holds its recent commits.
            let store = try SQLiteStore.open(dataDirectory: dir + "/live")
            _ = try await store.createTicket(StoreConformanceTests.intake())
            let wal = try Data(contentsOf: URL(fileURLWithPath: store.path + "-wal"))
            #expect(!wal.isEmpty)

            // A copy that lost its main file: zero bytes beside the log.
            let copy = dir + "/copy"
            try FileManager.default.createDirectory(atPath: copy, withIntermediateDirectories: true)
            let path = SQLiteStore.databasePath(dataDirectory: copy)
            try wal.write(to: URL(fileURLWithPath: path + "-wal"))
            #expect(FileManager.default.createFile(atPath: path, contents: Data()))
            let message = try Self.refusal { try SQLiteStore.open(dataDirectory: copy) }
            #expect(message.contains("\(path): the database file is empty (0 bytes)"), "\(message)")
            #expect(message.contains("\(path)-wal holds \(wal.count) bytes"))
            #expect(
                try Data(contentsOf: URL(fileURLWithPath: path)).isEmpty, "the refusal leaves the files as they were")

            // Missing altogether is refused the same way.
            try FileManager.default.removeItem(atPath: path)
            #expect(
                try Self.refusal { try SQLiteStore.open(dataDirectory: copy) }.contains("the database file is missing"))
            #expect(!FileManager.default.fileExists(atPath: path))

            // An empty log is what a clean new database can leave: that opens.
            try Data().write(to: URL(fileURLWithPath: path + "-wal"))
            #expect(try await SQLiteStore.open(dataDirectory: copy).ticketCount() == 0)
        }
    }

    /// A data directory that cannot be made says why in words, not as Foundation's error dump.
    @Test func aDataDirectoryThatCannotBeMadeSaysWhy() async throws {
        try await withTemporaryDirectory { dir in
            let file = dir + "/notes.txt"
            try Data("x".utf8).write(to: URL(fileURLWithPath: file))
            #expect(
                try Self.refusal { try SQLiteStore.open(dataDirectory: file) }
                    == "the data directory \(file) is a file, not a folder")
            #expect(
                try Self.refusal { try SQLiteStore.open(dataDirectory: file + "/data") }
                    == "cannot create the data directory \(file)/data: not a directory")
        }
    }

    @Test func theDataDirectoryAndDatabaseFilesAreTheOwnersOnly() async throws {
        try await withTemporaryDirectory { dir in
            let data = dir + "/data/nested"
            let store = try SQLiteStore.open(dataDirectory: data)
            _ = try await store.createTicket(StoreConformanceTests.intake())
            #expect(try Self.mode(data) == 0o700)
            for file in [store.path, store.path + "-wal", store.path + "-shm"] {
                #expect(try Self.mode(file) == 0o600, "\(file)")
            }

            // Files left readable by an older version are tightened at the next open.
            try store.close()
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: store.path)
            let reopened = try SQLiteStore.open(dataDirectory: data)
            _ = try await reopened.createTicket(StoreConformanceTests.intake("again"))
            #expect(try Self.mode(reopened.path) == 0o600)
            #expect(try Self.mode(reopened.path + "-wal") == 0o600)
        }
    }

    /// PostgreSQL cannot hold a NUL in text. Should one get past the entrances, it is bad input
    /// (a ValidationError, 422 at the edge), not a failing store: /healthz stays ok.
    @Test func aNULInTextIsBadInputNotAFailingPostgresStore() async throws {
        try await StoreFixture.with(.postgres) { fixture in
            try await withPostgresStore(url: fixture.location, logger: StoreFixture.quietLogger) { store async throws in
                await #expect(throws: ValidationError.self) {
                    try await store.createTicket(StoreConformanceTests.intake("charged twice\u{0} for order 7"))
                }
                await #expect(throws: ValidationError.self) {
                    try await store.listTickets(TicketQuery(category: "billing\u{0}"))
                }
                let report = store.health.report()
                #expect(report.status == .ok && report.failedWrites == 0, "\(report)")
                #expect(try await store.ticketCount() == 0)
            }
        }
    }

    @Test func aFullDatabaseMakesTheStoreDegradedUntilAWriteSucceeds() async throws {
        try await withTemporaryDirectory { dir in
            let store = try SQLiteStore.open(dataDirectory: dir)
            _ = try await store.createTicket(StoreConformanceTests.intake())
            #expect(store.health.report().status == .ok)

            try await store.capGrowth(extraPages: 0)
            let large = String(repeating: "the same long complaint, ", count: 4000)
            for _ in 0..<2 {
                await #expect(throws: StoreError.self) {
                    try await store.createTicket(StoreConformanceTests.intake(large))
                }
            }
            let report = store.health.report()
            #expect(report.status == .degraded)
            #expect(report.failedWrites == 2)
            #expect(report.lastFailure?.kind == .diskFull, "\(report)")
            #expect(report.reason?.contains("2 writes failed") == true, "\(report)")
            #expect(report.reason?.contains("SQLITE_FULL") == true)
            #expect(report.reason?.contains("INSERT") == false, "no SQL in what /healthz shows")

            // Reads (and writes that store nothing) do not clear it; a stored write does.
            #expect(try await store.ticketCount() == 1)
            #expect(store.health.report().status == .degraded)
            try await store.capGrowth(extraPages: nil)
            _ = try await store.createTicket(StoreConformanceTests.intake(large))
            let recovered = store.health.report()
            #expect(recovered.status == .ok)
            #expect(recovered.reason == nil && recovered.failedWrites == 0 && recovered.lastFailure == nil)
        }
    }

    @Test func lowFreeSpaceOnTheDataDirectoryIsReported() async throws {
        try await withTemporaryDirectory { dir in
            let roomy = try SQLiteStore.open(dataDirectory: dir + "/a", minimumFreeBytes: 1)
            #expect(roomy.health.report().status == .ok)
            #expect((roomy.health.report().freeBytes ?? 0) > 0)
            let cramped = try SQLiteStore.open(dataDirectory: dir + "/b", minimumFreeBytes: .max)
            let report = cramped.health.report()
            #expect(report.status == .degraded)
            #expect(report.reason?.contains("low disk space") == true, "\(report)")
        }
    }

    @Test func anUnreachablePostgreSQLServerMakesItsStoreDegraded() async throws {
        // Nothing listens on port 1: each write fails, for real, to connect.
        let store = try PostgresStore(
            url: "postgres://ticketflow@127.0.0.1:1/none?sslmode=disable", requestTimeout: 1,
            logger: StoreFixture.quietLogger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await store.run() }
            defer { group.cancelAll() }
            #expect(store.health.report().status == .ok)
            await #expect(throws: StoreError.self) { try await store.createTicket(StoreConformanceTests.intake()) }
            let report = store.health.report()
            #expect(report.status == .degraded)
            #expect(report.lastFailure?.kind == .unreachable, "\(report)")
        }
    }
}
