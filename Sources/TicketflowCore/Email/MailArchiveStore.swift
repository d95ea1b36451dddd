import Foundation

/// The email channel's archive port: each inbound mail's raw bytes and its attachments, kept next to the
/// customer message the pipeline read (which is the stripped text). Filled in with issue 15's attachments work.
public protocol MailArchiveStore: Sendable {}
