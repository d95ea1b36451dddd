import ArgumentParser
import Foundation
import TicketflowApp

/// `ticketflow backup`: an online copy of the SQLite store.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the SQLite database to a file, safely while the server runs.",
        discussion: """
            The copy is one consistent snapshot (SQLite's online backup), written readable by the owner \
            only and checked before the command succeeds. To restore: stop the server, move the database \
            and its -wal and -shm files aside, copy the backup to <data-dir>/ticketflow.sqlite, start. \
            A PostgreSQL store is backed up with pg_dump; the command prints the pg_dump line for it. \
            See docs/operations.md.
            """)

    @OptionGroup var store: StoreOptions

    @Option(help: "The backup file to write.")
    var out: String

    @Flag(help: "Replace the file if it already exists.")
    var force = false

    func run() async throws {
        let configuration = try store.resolve()
        switch try StoreBackup.run(configuration, to: out, overwrite: force) {
        case .written(let path, let bytes, let tickets):
            print("backed up \(tickets) ticket\(tickets == 1 ? "" : "s") to \(path) (\(bytes) bytes)")
        case .usePgDump(let command):
            FileHandle.standardError.write(
                Data(
                    """
                    error: this store is PostgreSQL; back it up with pg_dump, which reads one consistent snapshot \
                    of the live database (the password comes from PGPASSWORD or ~/.pgpass):
                      \(command)

                    """.utf8))
            throw ExitCode.failure
        }
    }
}
