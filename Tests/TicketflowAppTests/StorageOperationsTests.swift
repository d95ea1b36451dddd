import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TicketflowApp
import TicketflowCore
import TicketflowTesting

/// What an operator sees of the storage: `/healthz` over real HTTP while
/// writes fail for real, owner-only files, and `ticketflow backup` run as a
/// user runs it beside a serving app, then restored.
@Suite struct StorageOperationsTests {
    static let large = String(repeating: "my order never arrived and nobody answers my emails, ", count: 1200)

    @Test func healthzSaysDegradedWhileWritesFailAndOkAfterOneSucceeds() async throws {
        try await withTestClient(.live) { client, services in
            let healthy = try json(try await client.get("/healthz"))
            #expect(healthy["status"] as? String == "ok")
            #expect(healthy["reason"] == nil)

            // The database may not grow: SQLite answers SQLITE_FULL, as on a full disk.
            try await StorageFaults.capGrowth(services, extraPages: 0)
            let refused = try await client.post("/v1/tickets", #"{"subject":"Lost","body":"\#(Self.large)"}"#)
            #expect(refused.status == .serviceUnavailable)
            let degraded = try await client.get("/healthz")
            #expect(degraded.status == .ok, "reads still work: degraded, not down")
            let report = try json(degraded)
            #expect(report["status"] as? String == "degraded")
            #expect(report["store"] as? String == "degraded")
            #expect(report["failed_writes"] as? Int == 1)
            let reason = try #require(report["reason"] as? String)
            #expect(reason.contains("disk_full") && reason.contains("SQLITE_FULL"), "\(reason)")
            #expect(!reason.contains("INSERT"), "no SQL on a public endpoint")
            #expect(report["tickets"] as? Int == 0)

            // Room again: the next stored write makes it ok.
            try await StorageFaults.capGrowth(services, extraPages: nil)
            let created = try await client.post("/v1/tickets", #"{"subject":"Lost","body":"\#(Self.large)"}"#)
            #expect(created.status == .created)
            let recovered = try json(try await client.get("/healthz"))
            #expect(recovered["status"] as? String == "ok")
            #expect(recovered["reason"] == nil)
            #expect(recovered["tickets"] as? Int == 1)
        }
    }

    @Test func theDataDirectoryAndEverySecretInItAreTheOwnersOnly() async throws {
        try await withTemporaryDirectory { dir in
            let data = dir + "/fresh/data"
            let services = try await TestApp.services(dataDirectory: data)
            _ = try await services.tickets.intake(IntakeRequest(subject: "Hi", body: "Where is my parcel?"))
            func mode(_ path: String) throws -> Int? {
                try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            }
            #expect(try mode(data) == 0o700)
            for file in ["ticketflow.sqlite", "ticketflow.sqlite-wal", "ticketflow.sqlite-shm", "rating-link.secret"] {
                #expect(try mode(data + "/" + file) == 0o600, "\(file)")
            }
        }
    }

    @Test func backupCommandCopiesAServingStoreAndTheCopyRestores() async throws {
        try await withTemporaryDirectory { dir in
            let data = dir + "/data"
            let services = try await TestApp.services(dataDirectory: data)
            try await TestApp.application(services).test(.live) { client in
                var ids: [Int] = []
                for index in 0..<20 {
                    let created = try await client.post("/v1/tickets", #"{"body":"Parcel \#(index) is late"}"#)
                    ids.append(try #require((try json(created)["ticket"] as? [String: Any])?["id"] as? Int))
                }
                // The server keeps running (and taking tickets) while the command copies.
                let backup = dir + "/backups/nightly.sqlite"
                try FileManager.default.createDirectory(atPath: dir + "/backups", withIntermediateDirectories: true)
                let running = try CLIRun.start(["backup", "--data-dir", data, "--out", backup], in: dir)
                _ = try await client.post("/v1/tickets", #"{"body":"one more while copying"}"#)
                let done = try await running.result()
                #expect(done.status == 0, "\(done.stderr)")
                #expect(done.stdout.contains("to \(backup)"), "\(done.stdout)")
                let mode = try FileManager.default.attributesOfItem(atPath: backup)[.posixPermissions] as? Int
                #expect(mode == 0o600)

                let again = try await CLIRun.run(["backup", "--data-dir", data, "--out", backup], in: dir)
                #expect(again.status == 1)
                #expect(again.stderr.contains("\(backup) already exists"), "\(again.stderr)")
                #expect(again.stderr.contains("--force"))
                let forced = try await CLIRun.run(["backup", "--data-dir", data, "--out", backup, "--force"], in: dir)
                #expect(forced.status == 0, "\(forced.stderr)")
                #expect(forced.stdout.contains("backed up 21 tickets"), "\(forced.stdout)")

                // Restore into a new data directory: the copy is the database file.
                let restored = dir + "/restored"
                try FileManager.default.createDirectory(atPath: restored, withIntermediateDirectories: true)
                try FileManager.default.copyItem(atPath: backup, toPath: restored + "/ticketflow.sqlite")
                let reopened = try await TestApp.services(dataDirectory: restored)
                #expect(try await reopened.store.ticketCount() == 21)
                for id in ids {
                    let original = try await services.store.ticketDetail(id: Int64(id))
                    #expect(try await reopened.store.ticketDetail(id: Int64(id)) == original, "ticket \(id)")
                }
            }
        }
    }

    @Test func backupCommandRefusesAMissingDatabaseAndNamesPgDumpForPostgreSQL() async throws {
        try await withTemporaryDirectory { dir in
            let missing = try await CLIRun.run(
                ["backup", "--data-dir", dir + "/nothing", "--out", dir + "/b"], in: dir)
            #expect(missing.status == 1)
            #expect(missing.stderr.contains("no database at \(dir)/nothing/ticketflow.sqlite"), "\(missing.stderr)")
            #expect(!FileManager.default.fileExists(atPath: dir + "/nothing"), "a backup never creates a store")

            let postgres = try await CLIRun.run(
                ["backup", "--database-url", "postgres://tf:s3cret@db.internal:5432/tickets", "--out", "tf.dump"],
                in: dir)
            #expect(postgres.status == 1)
            #expect(
                postgres.stderr.contains(
                    "pg_dump --format=custom --file='tf.dump' --dbname='postgres://tf@db.internal:5432/tickets?sslmode="
                ),
                "\(postgres.stderr)")
            #expect(!postgres.stderr.contains("s3cret"))
            #expect(!FileManager.default.fileExists(atPath: dir + "/tf.dump"))
        }
    }
}
