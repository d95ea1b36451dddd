import Foundation
import TicketflowEmail
import TicketflowMIME

/// The mail samples in Tests/Fixtures/mail (shared with TicketflowMailTests), found next to this file.
enum EmailFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../Fixtures/mail").standardizedFileURL

    /// The bytes of `name`.
    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    /// `name` read as an inbound mail.
    static func mail(_ name: String) throws -> InboundMail {
        InboundMail.parse(try bytes(name))
    }

    /// A mail written in the test, with LF line ends.
    static func written(_ text: String) -> InboundMail {
        InboundMail.parse(Array(text.utf8))
    }
}
