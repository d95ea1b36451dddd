import Foundation

/// What a bounce says: which message failed, for whom, and why. Read from a delivery status notification
/// (multipart/report, RFC 3464), or, for mailers that send plain-text bounces, from the returned headers in
/// the text.
public struct MIMEBounce: Sendable, Equatable {
    /// What happened to one recipient (one per-recipient block of the report).
    public struct Recipient: Sendable, Equatable {
        /// The Final-Recipient address (the address type, e.g. "rfc822;", removed).
        public var finalRecipient: String?
        /// The Original-Recipient address, if reported.
        public var originalRecipient: String?
        /// The Action, lowercased: "failed", "delayed", "delivered", "relayed" or "expanded".
        public var action: String?
        /// The enhanced status code, e.g. "5.1.1".
        public var status: String?
        /// The Diagnostic-Code text, e.g. "smtp; 550 5.1.1 <x@example.com>: Recipient address rejected".
        public var diagnosticCode: String?

        /// Whether delivery failed for good (action "failed" or a 5.x.x status).
        public var isPermanentFailure: Bool {
            action == "failed" || (action == nil && status?.hasPrefix("5") == true)
        }
    }

    /// The Message-ID of the message that bounced (from the returned headers), without angle brackets.
    public var originalMessageID: String?
    /// The Reporting-MTA, if given.
    public var reportingMTA: String?
    /// One entry per recipient the report covers.
    public var recipients: [Recipient]
    /// True when read from a standard delivery status report, false when guessed from a plain-text bounce.
    public var isStandardReport: Bool

    /// The first recipient's Final-Recipient.
    public var finalRecipient: String? { recipients.first?.finalRecipient }
    /// The first recipient's status code.
    public var status: String? { recipients.first?.status }
    /// The first recipient's action.
    public var action: String? { recipients.first?.action }
    /// The first recipient's diagnostic code.
    public var diagnosticCode: String? { recipients.first?.diagnosticCode }

    /// Reads the report in `root`, or guesses from a plain-text bounce from a mailer daemon; nil otherwise.
    static func read(_ root: MIMEPart, text: String, headers: MIMEHeaders) -> MIMEBounce? {
        if let report = root.allParts.first(where: { $0.contentType.mimeType == "multipart/report" }),
            let statusPart = report.parts.first(where: {
                ["message/delivery-status", "message/global-delivery-status"].contains($0.contentType.mimeType)
            })
        {
            return fromReport(report, statusPart: statusPart)
        }
        guard MIMEAutomation.isMailerDaemon(headers) else { return nil }
        // A plain-text bounce quotes the returned message's headers: its Message-ID is the last one in the text.
        let lines = text.split(separator: "\n")
        let ids = lines.compactMap { line -> String? in
            let trimmed = line.drop { $0 == " " || $0 == ">" }
            guard trimmed.lowercased().hasPrefix("message-id:") else { return nil }
            return MIMEMessageID.parseList(String(trimmed.dropFirst(11))).first
        }
        let status = lines.lazy.compactMap(enhancedStatus).first
        guard !ids.isEmpty || status != nil else { return nil }
        // qmail and Exim name the failed address on a line of its own: "<user@example.org>:".
        let failed = lines.lazy.map { $0.trimmingWhitespace() }
            .first { $0.hasPrefix("<") && $0.hasSuffix(">:") && $0.contains("@") }
        let recipient = Recipient(
            finalRecipient: failed.map { String($0.dropFirst().dropLast(2)) }, originalRecipient: nil,
            action: status?.hasPrefix("4") == true ? "delayed" : "failed",
            status: status, diagnosticCode: nil)
        return MIMEBounce(
            originalMessageID: ids.last, reportingMTA: nil, recipients: [recipient], isStandardReport: false)
    }

    private static func fromReport(_ report: MIMEPart, statusPart: MIMEPart) -> MIMEBounce {
        var notes: [String] = []
        var blocks: [MIMEHeaders] = []
        var start = 0
        let body = statusPart.body
        // The status part is header blocks separated by blank lines: per-message fields, then per-recipient.
        while start < body.count {
            let (block, next) = MIMEHeaders.parse(body, in: start..<body.count, notes: &notes, context: "report")
            if !block.fields.isEmpty { blocks.append(block) }
            if next <= start { break }
            start = next
        }
        let perMessage = blocks.first { $0["Final-Recipient"] == nil }
        let recipients = blocks.filter { $0["Final-Recipient"] != nil || $0["Action"] != nil }.map { block in
            Recipient(
                finalRecipient: block["Final-Recipient"].map(addressValue),
                originalRecipient: block["Original-Recipient"].map(addressValue),
                action: block["Action"].map { $0.lowercased() }, status: block["Status"].flatMap(enhancedStatus),
                diagnosticCode: block["Diagnostic-Code"])
        }
        var originalID: String?
        for part in report.parts {
            switch part.contentType.mimeType {
            case "text/rfc822-headers", "message/global-headers":
                var ignored: [String] = []
                let returned = MIMEHeaders.parse(part.body, in: 0..<part.body.count, notes: &ignored, context: "")
                originalID = returned.headers["Message-ID"].flatMap { MIMEMessageID.parseList($0).first }
            case "message/rfc822", "message/global":
                originalID = part.parts.first?.headers["Message-ID"].flatMap { MIMEMessageID.parseList($0).first }
            default: continue
            }
            if originalID != nil { break }
        }
        return MIMEBounce(
            originalMessageID: originalID, reportingMTA: perMessage?["Reporting-MTA"].map(addressValue),
            recipients: recipients, isStandardReport: true)
    }

    /// "rfc822; user@example.com" -> "user@example.com".
    private static func addressValue(_ value: String) -> String {
        guard let semicolon = value.firstIndex(of: ";") else { return value }
        return value[value.index(after: semicolon)...].trimmingWhitespace()
    }

    /// The first "d.ddd.ddd" status code in `text` whose class is 2, 4 or 5.
    static func enhancedStatus<S: StringProtocol>(_ text: S) -> String? {
        let words = text.split(whereSeparator: { !($0.isNumber || $0 == ".") })
        for word in words {
            let pieces = word.split(separator: ".", omittingEmptySubsequences: false)
            guard pieces.count == 3, ["2", "4", "5"].contains(pieces[0]),
                pieces.allSatisfy({ !$0.isEmpty && $0.count <= 3 })
            else { continue }
            return String(word)
        }
        return nil
    }
}
