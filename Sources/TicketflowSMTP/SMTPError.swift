/// Why a submission failed: a server reply, or the connection, TLS or a timeout on the way.
public struct SMTPError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Equatable {
        /// The server answered a command with a failure reply (see `reply`).
        case reply
        /// Nothing listens on the host and port.
        case connectionRefused
        /// The host could not be reached or the connection broke.
        case connectionFailed
        /// The server closed the connection while the client waited for a reply.
        case connectionClosed
        /// The TLS handshake failed (an untrusted or mismatched certificate, no common protocol).
        case tls
        /// The server did not answer within the configured time.
        case timeout
        /// The server broke the protocol (a malformed reply, an unexpected code).
        case protocolViolation
        /// `.startTLS` was required but the server does not offer STARTTLS.
        case startTLSUnavailable
        /// Credentials were given but the server offers no mechanism the client can use.
        case authenticationUnavailable
        /// An address the client refuses to send (line breaks, angle brackets, non-ASCII without SMTPUTF8).
        case invalidAddress
    }

    /// What went wrong.
    public var kind: Kind
    /// The command it happened on, e.g. "RCPT TO:<x@example.test>" or "AUTH PLAIN" (never a credential).
    public var command: String
    /// The server's failure reply, for `.reply` (and for `.protocolViolation` when one arrived).
    public var reply: SMTPReply?
    /// What happened, for kinds without a reply.
    public var detail: String

    /// An error from its parts.
    public init(_ kind: Kind, command: String, reply: SMTPReply? = nil, detail: String = "") {
        self.kind = kind
        self.command = command
        self.reply = reply
        self.detail = detail
    }

    /// The reply code, e.g. 550, when the server answered.
    public var code: Int? { reply?.code }
    /// The enhanced status, e.g. "5.1.1", when the server sent one.
    public var enhancedStatus: String? { reply?.enhancedStatus }
    /// The server's text, when it answered.
    public var text: String? { reply?.text }

    /// Whether retrying the same message cannot help: a 5xx reply, or a refusal the client made for the same
    /// reasons. 4xx replies, broken connections, TLS failures and timeouts are worth a retry later.
    public var isPermanent: Bool {
        switch kind {
        case .reply: reply?.isPermanentFailure ?? false
        case .startTLSUnavailable, .authenticationUnavailable, .invalidAddress: true
        case .connectionRefused, .connectionFailed, .connectionClosed, .tls, .timeout, .protocolViolation: false
        }
    }

    /// "RCPT TO:<x@example.test> failed: 550 5.1.1 ..." or "connection refused by 127.0.0.1:25".
    public var description: String {
        if let reply, kind == .reply { return "\(command) failed: \(reply)" }
        let what = detail.isEmpty ? "\(kind)" : detail
        return command.isEmpty ? what : "\(command): \(what)"
    }
}
