import Foundation

/// A parsed email: its headers, MIME tree, the text a pipeline should read, attachments, and what kind of
/// automated mail it is. Parsing never fails and never loses the input: `raw` holds the bytes as received and
/// `notes` says what was malformed, guessed or left out.
public struct MIMEMessage: Sendable {
    /// The message exactly as received.
    public let raw: [UInt8]
    /// The root entity; its headers are the message headers.
    public let root: MIMEPart
    /// What was malformed, guessed or omitted while parsing, in reading order (empty for a clean message).
    public let notes: [String]
    /// The text/plain body, if the message has one.
    public let plainText: String?
    /// The text/html body as HTML, if the message has one.
    public let htmlBody: String?
    /// The body as text: the text/plain body, else the HTML body converted to text. Quotes included.
    public let fullText: String
    /// `fullText` without quoted reply history and signature: what a support pipeline should read. When stripping
    /// would leave nothing (a bare forward, a quote-only mail), it is `fullText`.
    public let text: String
    /// Files carried by the message, in order (inline images included, with `isInline`).
    public let attachments: [MIMEAttachment]
    /// The delivery report of a bounce (DSN), when the message is one.
    public let bounce: MIMEBounce?
    /// Whether the message was sent by a machine (auto-reply, list, bounce), for loop safety.
    public let automation: MIMEAutomation

    /// Parses raw message bytes (CRLF or LF line ends).
    public static func parse(_ raw: [UInt8], limits: MIMEParseLimits = MIMEParseLimits()) -> MIMEMessage {
        MIMEMessage(raw: raw, limits: limits)
    }

    /// Parses raw message bytes (CRLF or LF line ends).
    public static func parse(_ raw: Data, limits: MIMEParseLimits = MIMEParseLimits()) -> MIMEMessage {
        MIMEMessage(raw: [UInt8](raw), limits: limits)
    }

    private init(raw: [UInt8], limits: MIMEParseLimits) {
        var parser = MIMEParser(raw: raw, limits: limits)
        let root = parser.parseEntity(0..<raw.count, depth: 0, path: "", defaultType: .defaultText)
        var notes = parser.notes
        self.raw = raw
        self.root = root
        let body = MIMEBodyText.collect(root)
        plainText = body.plain
        htmlBody = body.html
        if let plain = body.plain, !plain.trimmingWhitespace().isEmpty {
            fullText = plain.trimmingTrailingWhitespace()
        } else if let html = body.html {
            fullText = HTMLText.convert(html)
        } else {
            fullText = body.plain ?? ""
        }
        let stripped = ReplyStripper.strip(fullText)
        text = stripped.isEmpty ? fullText : stripped
        attachments = MIMEBodyText.attachments(root)
        let headers = root.headers
        if headers["Date"].map({ MIMEDate.parse($0) == nil }) == true {
            notes.append("message: unreadable Date header '\(headers["Date"] ?? "")'")
        }
        if headers["From"] == nil { notes.append("message: no From header") }
        let bounce = MIMEBounce.read(root, text: fullText, headers: headers)
        self.bounce = bounce
        automation = MIMEAutomation.classify(headers, isReport: bounce != nil)
        self.notes = notes
    }

    /// The message headers.
    public var headers: MIMEHeaders { root.headers }
    /// The Subject with encoded words decoded.
    public var subject: String? { headers.decoded("Subject") }
    /// The From mailboxes (normally one).
    public var from: [MIMEAddress] { headers["From"].map(MIMEAddress.parseList) ?? [] }
    /// The To mailboxes.
    public var to: [MIMEAddress] { headers.values("To").flatMap(MIMEAddress.parseList) }
    /// The Cc mailboxes.
    public var cc: [MIMEAddress] { headers.values("Cc").flatMap(MIMEAddress.parseList) }
    /// The Reply-To mailboxes.
    public var replyTo: [MIMEAddress] { headers["Reply-To"].map(MIMEAddress.parseList) ?? [] }
    /// Where a reply goes: Reply-To when present, else From.
    public var replyAddresses: [MIMEAddress] { replyTo.isEmpty ? from : replyTo }
    /// The Message-ID without angle brackets.
    public var messageID: String? { headers["Message-ID"].flatMap { MIMEMessageID.parseList($0).first } }
    /// The ids of In-Reply-To, without angle brackets.
    public var inReplyTo: [String] { headers["In-Reply-To"].map(MIMEMessageID.parseList) ?? [] }
    /// The ids of References, oldest first, without angle brackets.
    public var references: [String] { headers["References"].map(MIMEMessageID.parseList) ?? [] }
    /// The Date header as a point in time, or nil when absent or unreadable.
    public var date: Date? { headers["Date"].flatMap(MIMEDate.parse) }
}
