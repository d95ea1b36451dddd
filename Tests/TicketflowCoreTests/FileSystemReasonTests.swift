import Foundation
import Testing
import TicketflowCore

/// File errors are shown to people (CLI lines, problem bodies, logs): the reason
/// must be the POSIX one, not "(NSCocoaErrorDomain error 512.)".
@Suite struct FileSystemReasonTests {
    @Test func foundationFileErrorsGiveTheirPOSIXReason() throws {
        let dir = NSTemporaryDirectory() + "file-reason-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        do {
            let file = dir + "/file.txt"
            try Data("x".utf8).write(to: URL(fileURLWithPath: file))
            let reasons = [
                Self.reason { try Data("x".utf8).write(to: URL(fileURLWithPath: dir), options: .atomic) },
                Self.reason {
                    try FileManager.default.createDirectory(atPath: file, withIntermediateDirectories: true)
                },
                Self.reason { _ = try Data(contentsOf: URL(fileURLWithPath: dir + "/missing")) },
                Self.reason { _ = try Data(contentsOf: URL(fileURLWithPath: dir)) },
            ]
            #expect(reasons == ["is a directory", "file exists", "no such file or directory", "is a directory"])
        }
    }

    @Test func otherErrorsKeepTheirOwnDescription() {
        struct Refused: Error, CustomStringConvertible { var description: String { "refused by policy" } }
        #expect(Refused().fileSystemReason == "refused by policy")
        #expect(POSIXError(.EACCES).fileSystemReason == "permission denied")
    }

    static func reason(_ body: () throws -> Void) -> String {
        do {
            try body()
            return "no error"
        } catch {
            return error.fileSystemReason
        }
    }
}
