import Foundation
import TicketflowMIME

/// The hand-written mail samples in Tests/Fixtures/mail, found next to this file.
enum MIMEFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../Fixtures/mail").standardizedFileURL

    /// Every fixture's file name, sorted.
    static var names: [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasSuffix(".eml") }.sorted()
    }

    /// The bytes of `name`.
    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    /// `name` parsed with default limits.
    static func message(_ name: String, limits: MIMEParseLimits = MIMEParseLimits()) throws -> MIMEMessage {
        MIMEMessage.parse(try bytes(name), limits: limits)
    }
}
