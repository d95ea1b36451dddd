import Foundation
import Testing

/// Runs the built `ticketflow` executable as a user would, for tests of the
/// command line itself (messages, exit codes, files it writes).
struct CLIRun: Sendable {
    /// What one run printed and how it ended.
    struct Result: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The repository root (for demo/ files), from this file's path.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The executable `swift build --build-tests` put next to the test bundle.
    static func executable() throws -> URL {
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0])
            .deletingLastPathComponent().appendingPathComponent("ticketflow")
        let candidates = [besideTests, repositoryRoot.appendingPathComponent(".build/debug/ticketflow")]
        return try #require(
            candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) },
            "no ticketflow executable in \(candidates.map(\.path)); build it with swift build --build-tests")
    }

    /// Starts `ticketflow arguments` in `directory`; its output goes to files
    /// (no pipe to fill up), read by `result`.
    static func start(
        _ arguments: [String], in directory: String, stdin: String? = nil, environment extra: [String: String] = [:]
    ) throws -> Running {
        let process = Process()
        process.executableURL = try executable()
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TICKETFLOW_") }
        environment["TICKETFLOW_PASSWORD_HASH_COST"] = "10"
        environment.merge(extra) { _, given in given }
        process.environment = environment
        let id = UUID().uuidString
        let out = URL(fileURLWithPath: directory).appendingPathComponent(".cli-\(id).out")
        let err = URL(fileURLWithPath: directory).appendingPathComponent(".cli-\(id).err")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        if let stdin {
            let pipe = Pipe()
            process.standardInput = pipe
            try process.run()
            pipe.fileHandleForWriting.write(Data(stdin.utf8))
            try pipe.fileHandleForWriting.close()
        } else {
            process.standardInput = FileHandle.nullDevice
            try process.run()
        }
        return Running(process: process, out: out, err: err)
    }

    /// Runs `ticketflow arguments` in `directory` to the end (killed after `timeout` seconds).
    static func run(
        _ arguments: [String], in directory: String, stdin: String? = nil, environment: [String: String] = [:],
        timeout: Double = 120
    ) async throws -> Result {
        let running = try start(arguments, in: directory, stdin: stdin, environment: environment)
        return try await running.result(timeout: timeout)
    }

    /// A started process.
    struct Running: @unchecked Sendable {
        let process: Process
        let out: URL
        let err: URL

        /// Standard error so far.
        var stderrSoFar: String { (try? String(contentsOf: err, encoding: .utf8)) ?? "" }

        /// Waits for the exit (SIGKILL after `timeout` seconds, which fails the test) and reads the output.
        func result(timeout: Double = 120) async throws -> Result {
            let deadline = Date().addingTimeInterval(timeout)
            while process.isRunning, Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                Issue.record("ticketflow \(process.arguments ?? []) did not finish within \(timeout) s")
            }
            process.waitUntilExit()
            defer {
                try? FileManager.default.removeItem(at: out)
                try? FileManager.default.removeItem(at: err)
            }
            return Result(
                status: process.terminationStatus,
                stdout: try String(contentsOf: out, encoding: .utf8),
                stderr: try String(contentsOf: err, encoding: .utf8))
        }
    }
}
