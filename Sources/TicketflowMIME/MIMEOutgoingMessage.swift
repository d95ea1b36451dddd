import Foundation

/// A message for `MIMEComposer` to write: addresses, subject, threading ids, the text (and optionally HTML) of
/// the answer, and the sources it cites.
public struct MIMEOutgoingMessage: Sendable {
    /// A source an answer cites: shown as a "Sources:" list in text and as links in HTML.
    public struct Citation: Sendable, Equatable {
        /// The link text, e.g. the article title.
        public var title: String
        /// The address, e.g. "https://help.example.com/refunds".
        public var url: String

        /// Creates a citation.
        public init(title: String, url: String) {
            self.title = title
            self.url = url
        }
    }

    /// The sender.
    public var from: MIMEAddress
    /// The recipients.
    public var to: [MIMEAddress]
    /// Copy recipients.
    public var cc: [MIMEAddress]
    /// Where replies should go, when not to `from`.
    public var replyTo: [MIMEAddress]
    /// The subject (any characters; encoded as needed).
    public var subject: String
    /// The plain-text body.
    public var text: String
    /// An HTML body fragment (what goes inside `<body>`); generated from `text` when nil.
    public var html: String?
    /// Sources to list after the body.
    public var citations: [Citation]
    /// This message's id, without angle brackets.
    public var messageID: String
    /// The id this message answers, without angle brackets.
    public var inReplyTo: String?
    /// The thread's ids, oldest first, without angle brackets.
    public var references: [String]
    /// The Date header's time.
    public var date: Date
    /// More header fields, e.g. `Auto-Submitted: auto-replied` on machine-written answers.
    public var extraHeaders: [MIMEHeader]

    /// Creates a message; the Message-ID is generated on the sender's domain unless given.
    public init(
        from: MIMEAddress, to: [MIMEAddress], cc: [MIMEAddress] = [], replyTo: [MIMEAddress] = [], subject: String,
        text: String, html: String? = nil, citations: [Citation] = [], messageID: String? = nil,
        inReplyTo: String? = nil, references: [String] = [], date: Date = Date(), extraHeaders: [MIMEHeader] = []
    ) {
        self.from = from
        self.to = to
        self.cc = cc
        self.replyTo = replyTo
        self.subject = subject
        self.text = text
        self.html = html
        self.citations = citations
        self.messageID = messageID ?? MIMEComposer.makeMessageID(domain: from.domain ?? "localhost")
        self.inReplyTo = inReplyTo
        self.references = references
        self.date = date
        self.extraHeaders = extraHeaders
    }

    /// A reply to `parent`: to its Reply-To (else From), "Re: " subject, In-Reply-To and References set
    /// as RFC 5322 section 3.6.4 says.
    public static func reply(
        to parent: MIMEMessage, from: MIMEAddress, text: String, html: String? = nil, citations: [Citation] = [],
        date: Date = Date(), extraHeaders: [MIMEHeader] = []
    ) -> MIMEOutgoingMessage {
        let threading = MIMEComposer.threading(replyingTo: parent)
        return MIMEOutgoingMessage(
            from: from, to: parent.replyAddresses, subject: MIMEComposer.replySubject(parent.subject ?? ""),
            text: text, html: html, citations: citations, inReplyTo: threading.inReplyTo,
            references: threading.references, date: date, extraHeaders: extraHeaders)
    }
}
