import NIOCore
import NIOPosix
import NIOSSL

/// Submits messages to one SMTP server, one connection per message: greeting, EHLO, STARTTLS, AUTH, MAIL, RCPT,
/// DATA, QUIT.
public struct SMTPClient: Sendable {
    /// The server and how to reach it.
    public let configuration: SMTPConfiguration
    private let group: any EventLoopGroup
    /// Built once: loading the trust roots is the expensive part of TLS set-up. Nil without TLS.
    private let tlsContext: Result<NIOSSLContext, SMTPError>?

    /// A client; it connects only when sending.
    public init(
        configuration: SMTPConfiguration, eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) {
        self.configuration = configuration
        self.group = eventLoopGroup
        if configuration.security == .none {
            tlsContext = nil
        } else {
            tlsContext = Result { () throws(SMTPError) in try Self.makeTLSContext(configuration.trust) }
        }
    }

    /// Sends `message` (the full RFC 5322 text: headers, blank line, body) from `sender` to every recipient.
    ///
    /// Line endings are made CRLF and lines starting with "." are escaped, so any text can be passed. The message is
    /// sent to all recipients or to none: a refused recipient fails the send before DATA. An empty `sender` sends
    /// with the null reverse path (`MAIL FROM:<>`), as bounces do.
    /// - Returns: the server's reply accepting the message (e.g. "250 2.0.0 Ok: queued as 4C2E1").
    /// - Throws: `SMTPError`; its `isPermanent` says whether a retry could help.
    @discardableResult
    public func send(from sender: String, to recipients: [String], message: [UInt8]) async throws -> SMTPReply {
        let connection = try await SMTPConnection.open(configuration, group: group, tlsContext: tlsContext?.get())
        do {
            let accepted = try await submit(on: connection, from: sender, to: recipients, message: message)
            await quit(connection)
            return accepted
        } catch {
            // A refusal leaves the session usable: end it politely. Anything else has already closed it.
            if let error = error as? SMTPError, error.kind == .reply || error.kind == .invalidAddress {
                await quit(connection)
            }
            await connection.close()
            throw error
        }
    }

    private func submit(
        on connection: SMTPConnection, from sender: String, to recipients: [String], message: [UInt8]
    ) async throws -> SMTPReply {
        let timeout = configuration.commandTimeout
        try expect([220], try await connection.exchange(nil, command: "greeting", timeout: timeout), "greeting")
        var capabilities = try await hello(on: connection)
        if configuration.security == .startTLS
            || (configuration.security == .startTLSIfAvailable && capabilities.startTLS)
        {
            guard capabilities.startTLS else {
                throw SMTPError(.startTLSUnavailable, command: "STARTTLS", detail: "the server does not offer STARTTLS")
            }
            let reply = try await connection.exchange(
                ByteBuffer(string: "STARTTLS\r\n"), command: "STARTTLS", timeout: timeout, upgradeToTLS: true)
            try expect([220], reply, "STARTTLS")
            // RFC 3207: everything learnt before TLS is forgotten; ask again over the protected channel.
            capabilities = try await hello(on: connection)
        }
        if let credentials = configuration.credentials {
            try await authenticate(on: connection, credentials, offered: capabilities.authMechanisms)
        }
        let data = SMTPMessageData.encode(message)
        let utf8 = try Self.checkAddresses(sender: sender, recipients: recipients, capabilities: capabilities)
        var mailFrom = "MAIL FROM:<\(sender)>"
        if capabilities.maximumSize != nil { mailFrom += " SIZE=\(data.count)" }
        if capabilities.eightBitMIME && SMTPMessageData.isEightBit(message) { mailFrom += " BODY=8BITMIME" }
        if utf8 { mailFrom += " SMTPUTF8" }
        try expect([250], try await connection.exchange(mailFrom, command: mailFrom, timeout: timeout), mailFrom)
        for recipient in recipients {
            let rcpt = "RCPT TO:<\(recipient)>"
            try expect([250, 251], try await connection.exchange(rcpt, command: rcpt, timeout: timeout), rcpt)
        }
        try expect([354], try await connection.exchange("DATA", command: "DATA", timeout: timeout), "DATA")
        let reply = try await connection.exchange(
            ByteBuffer(bytes: data), command: "DATA (message end)", timeout: configuration.dataTimeout)
        try expect([250], reply, "DATA (message end)")
        return reply
    }

    /// EHLO, or HELO (and no extensions) when the server does not know EHLO.
    private func hello(on connection: SMTPConnection) async throws -> SMTPCapabilities {
        let timeout = configuration.commandTimeout
        let ehlo = "EHLO \(configuration.heloName)"
        let reply = try await connection.exchange(ehlo, command: ehlo, timeout: timeout)
        if reply.isPositiveCompletion { return SMTPCapabilities(ehloReply: reply) }
        guard reply.isPermanentFailure, configuration.security != .startTLS, configuration.credentials == nil else {
            try expect([250], reply, ehlo)
            return SMTPCapabilities()
        }
        let helo = "HELO \(configuration.heloName)"
        try expect([250], try await connection.exchange(helo, command: helo, timeout: timeout), helo)
        return SMTPCapabilities()
    }

    /// QUIT, briefly: the message is already accepted or refused, so its reply changes nothing.
    private func quit(_ connection: SMTPConnection) async {
        _ = try? await connection.exchange(
            "QUIT", command: "QUIT", timeout: min(configuration.commandTimeout, .seconds(5)))
        await connection.close()
    }

    /// Throws unless `reply` has one of the `accepted` codes: a `.reply` error for 4xx/5xx, a protocol violation for
    /// any other code.
    func expect(_ accepted: Set<Int>, _ reply: SMTPReply, _ command: String) throws {
        if accepted.contains(reply.code) { return }
        if reply.isTransientFailure || reply.isPermanentFailure {
            throw SMTPError(.reply, command: command, reply: reply)
        }
        throw SMTPError(.protocolViolation, command: command, reply: reply, detail: "unexpected reply \(reply)")
    }

    /// Refuses addresses that would break the command line; returns whether SMTPUTF8 is needed (and offered).
    static func checkAddresses(sender: String, recipients: [String], capabilities: SMTPCapabilities) throws -> Bool {
        guard !recipients.isEmpty else { throw SMTPError(.invalidAddress, command: "RCPT TO", detail: "no recipients") }
        var needsUTF8 = false
        for (address, role) in [(sender, "sender")] + recipients.map({ ($0, "recipient") }) {
            let bad = address.unicodeScalars.contains { $0.value < 0x21 || $0 == "\u{7F}" || $0 == "<" || $0 == ">" }
            guard !bad, role == "sender" || !address.isEmpty else {
                throw SMTPError(
                    .invalidAddress, command: "", detail: "invalid \(role) address \(address.debugDescription)")
            }
            needsUTF8 = needsUTF8 || !address.unicodeScalars.allSatisfy(\.isASCII)
        }
        if needsUTF8 && !capabilities.smtpUTF8 {
            throw SMTPError(.invalidAddress, command: "", detail: "a non-ASCII address, and the server lacks SMTPUTF8")
        }
        return needsUTF8
    }

    /// The TLS client settings for `trust`.
    static func makeTLSContext(_ trust: SMTPConfiguration.TLSTrust) throws(SMTPError) -> NIOSSLContext {
        var tls = TLSConfiguration.makeClientConfiguration()
        switch trust {
        case .systemRoots: break
        case .certificateFile(let path): tls.trustRoots = .file(path)
        case .insecureNoVerification: tls.certificateVerification = .none
        }
        do {
            return try NIOSSLContext(configuration: tls)
        } catch {
            throw SMTPError(.tls, command: "", detail: "cannot set up TLS: \(error)")
        }
    }
}
