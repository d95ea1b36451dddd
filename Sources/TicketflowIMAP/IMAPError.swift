/// Why an IMAP operation failed. Carries the server's text and the command (never a password).
public struct IMAPError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Code: String, Sendable, Hashable {
        /// The server answered NO (operational failure: wrong password, no such mailbox).
        case no
        /// The server answered BAD (it did not understand the command).
        case bad
        /// The server said BYE and is closing the connection.
        case bye
        /// The TCP connection could not be opened (refused, unreachable, connect timeout).
        case connectFailed
        /// The connection closed while a response was awaited.
        case connectionClosed
        /// No response came within the timeout.
        case timeout
        /// TLS negotiation or certificate verification failed.
        case tls
        /// The server sent something this client cannot parse.
        case protocolViolation
        /// A response (or one literal) was larger than the client accepts.
        case responseTooLarge
        /// The server lacks a capability the operation needs (STARTTLS, IDLE, AUTH=PLAIN).
        case unsupported
        /// A command was started while another was still running on the same client.
        case busy
    }

    /// What kind of failure this is.
    public var code: Code
    /// The command that failed, without secrets (`LOGIN support@example.test`, `UID FETCH 5:*`).
    public var command: String?
    /// The server's bracketed response code, such as `[AUTHENTICATIONFAILED]`.
    public var responseCode: IMAPResponseCode?
    /// The server's text or a description of the failure.
    public var text: String

    /// Makes an error.
    public init(_ code: Code, command: String? = nil, responseCode: IMAPResponseCode? = nil, text: String) {
        self.code = code
        self.command = command
        self.responseCode = responseCode
        self.text = text
    }

    /// Whether the server rejected the credentials: `[AUTHENTICATIONFAILED]`, or NO to LOGIN or AUTHENTICATE.
    public var isAuthenticationFailure: Bool {
        if responseCode == .authenticationFailed { return true }
        guard code == .no, let command else { return false }
        return command.hasPrefix("LOGIN") || command.hasPrefix("AUTHENTICATE")
    }

    public var description: String {
        let what = command.map { "IMAP \($0)" } ?? "IMAP"
        switch code {
        case .no, .bad, .bye:
            let bracket = responseCode.map { " [\($0.name)]" } ?? ""
            return "\(what) failed: \(code.rawValue.uppercased())\(bracket) \(text)"
        default:
            return "\(what) failed (\(code.rawValue)): \(text)"
        }
    }
}
