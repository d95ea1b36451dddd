import Foundation

/// What kind of sender a message came from, for loop safety: a support system must not auto-answer a machine.
/// This only classifies; the application decides what to do.
public struct MIMEAutomation: Sendable, Equatable {
    /// The kinds of automated mail.
    public enum Kind: String, Sendable, Equatable {
        /// Written by a person, as far as the headers tell.
        case none
        /// An automatic reply (out of office, vacation, ticket acknowledgement).
        case autoReply = "auto_reply"
        /// Bulk mail (Precedence: bulk or junk).
        case bulk
        /// Mailing-list traffic (List-Id, List-Unsubscribe, Precedence: list).
        case list
        /// A delivery failure report.
        case bounce
    }

    /// The kind.
    public var kind: Kind
    /// Which header (and value) decided it; empty for `.none`.
    public var reason: String

    /// Creates a classification.
    public init(kind: Kind, reason: String) {
        self.kind = kind
        self.reason = reason
    }

    /// Whether the message came from a machine of any kind.
    public var isAutomated: Bool { kind != .none }

    private static let bounceSubjects = [
        "undeliverable", "undelivered", "delivery status notification", "failure notice", "returned mail",
        "mail delivery failed", "delivery has failed", "delivery failure", "mail delivery system", "unzustellbar",
        "non remis", "non-delivery",
    ]

    /// Classifies by headers, bounce first (a bounce often also carries Auto-Submitted).
    static func classify(_ headers: MIMEHeaders, isReport: Bool) -> MIMEAutomation {
        let contentType = headers["Content-Type"].flatMap(MIMEContentType.parse)
        if contentType?.mimeType == "multipart/report",
            contentType?.parameters["report-type"]?.lowercased() == "delivery-status" || isReport
        {
            return MIMEAutomation(kind: .bounce, reason: "Content-Type: multipart/report (delivery status)")
        }
        if isMailerDaemon(headers) {
            let subject = (headers.decoded("Subject") ?? "").lowercased()
            if isReport || bounceSubjects.contains(where: subject.contains) {
                return MIMEAutomation(kind: .bounce, reason: "From: \(headers["From"] ?? "") with a bounce subject")
            }
        }
        if let value = headers["Auto-Submitted"], value.lowercased().trimmingWhitespace() != "no" {
            return MIMEAutomation(kind: .autoReply, reason: "Auto-Submitted: \(value)")
        }
        for name in ["X-Autoreply", "X-Autorespond", "X-Autoresponder", "X-Auto-Reply"] {
            if let value = headers[name] { return MIMEAutomation(kind: .autoReply, reason: "\(name): \(value)") }
        }
        if let value = headers["Precedence"] {
            switch value.lowercased().trimmingWhitespace() {
            case "auto_reply", "auto-reply": return MIMEAutomation(kind: .autoReply, reason: "Precedence: \(value)")
            case "bulk", "junk": return MIMEAutomation(kind: .bulk, reason: "Precedence: \(value)")
            case "list": return MIMEAutomation(kind: .list, reason: "Precedence: \(value)")
            default: break
            }
        }
        for name in ["List-Id", "List-Unsubscribe"] {
            if let value = headers[name] { return MIMEAutomation(kind: .list, reason: "\(name): \(value)") }
        }
        if let path = headers["Return-Path"], path.filter({ !$0.isWhitespace }) == "<>" {
            return MIMEAutomation(kind: .autoReply, reason: "Return-Path: <> (null sender)")
        }
        return MIMEAutomation(kind: .none, reason: "")
    }

    /// Whether From is a mailer daemon or postmaster (the senders of bounces).
    static func isMailerDaemon(_ headers: MIMEHeaders) -> Bool {
        guard let from = headers["From"] else { return false }
        let addresses = MIMEAddress.parseList(from)
        return addresses.contains { address in
            let local = address.localPart.lowercased()
            return local == "mailer-daemon" || local == "postmaster" || local == "mail-daemon"
        }
    }
}
