import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// One TCP (or TLS) connection to an SMTP server: send a line, wait for its reply.
struct SMTPConnection: Sendable {
    let channel: any Channel
    let tlsContext: NIOSSLContext?
    /// The name TLS checks the certificate against; nil for an IP address (then the IP itself is checked).
    let serverHostname: String?
    /// What went wrong first on this connection, for commands sent after it closed.
    let firstFailure: SMTPFirstFailure

    /// Connects; with `.tls` the handshake starts at once (its outcome shows with the greeting).
    static func open(
        _ configuration: SMTPConfiguration, group: any EventLoopGroup, tlsContext: NIOSSLContext?
    ) async throws -> SMTPConnection {
        let isAddress = (try? SocketAddress(ipAddress: configuration.host, port: 0)) != nil
        let serverHostname = isAddress ? nil : configuration.host
        let implicitTLS = configuration.security == .tls ? tlsContext : nil
        let firstFailure = SMTPFirstFailure()
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(TimeAmount(configuration.connectTimeout))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    if let implicitTLS {
                        try pipeline.addHandler(
                            NIOSSLClientHandler(context: implicitTLS, serverHostname: serverHostname))
                    }
                    try pipeline.addHandler(ByteToMessageHandler(SMTPReplyDecoder()))
                    try pipeline.addHandler(SMTPReplyHandler(firstFailure: firstFailure))
                }
            }
        do {
            let channel = try await bootstrap.connect(host: configuration.host, port: configuration.port).get()
            return SMTPConnection(
                channel: channel, tlsContext: tlsContext, serverHostname: serverHostname, firstFailure: firstFailure)
        } catch {
            throw connectError(error, configuration)
        }
    }

    /// Sends `line` (nil: nothing, for the greeting) and waits for the reply.
    ///
    /// `command` names the step in errors; it is never the line itself, which may hold a credential.
    func exchange(_ line: String?, command: String, timeout: Duration) async throws -> SMTPReply {
        try await exchange(line.map { ByteBuffer(string: $0 + "\r\n") }, command: command, timeout: timeout)
    }

    /// Sends raw bytes (the DATA section) and waits for the reply.
    func exchange(
        _ bytes: ByteBuffer?, command: String, timeout: Duration, upgradeToTLS: Bool = false
    ) async throws -> SMTPReply {
        let channel = channel
        let upgrade = upgradeToTLS ? tlsContext.map { (context: $0, hostname: serverHostname) } : nil
        let firstFailure = firstFailure
        let reply = channel.eventLoop.flatSubmit { () -> EventLoopFuture<SMTPReply> in
            let handler: SMTPReplyHandler
            do {
                handler = try channel.pipeline.syncOperations.handler(type: SMTPReplyHandler.self)
            } catch {
                // Gone with the closed pipeline: say why it closed (a TLS failure, a timeout) when known.
                let closed =
                    firstFailure.error.map {
                        SMTPError($0.kind, command: command, reply: $0.reply, detail: $0.detail)
                    } ?? SMTPError(.connectionClosed, command: command, detail: "the connection is closed")
                return channel.eventLoop.makeFailedFuture(closed)
            }
            // Waiting is set up in the same event-loop turn as the write, so the reply cannot be missed.
            if let bytes { channel.writeAndFlush(bytes, promise: nil) }
            let tls = upgrade.map { SMTPReplyHandler.TLSUpgrade(context: $0.context, serverHostname: $0.hostname) }
            return handler.nextReply(command: command, timeout: timeout, upgrade: tls)
        }
        // A cancelled task stops waiting at once: closing the channel fails the reply.
        return try await withTaskCancellationHandler {
            try await reply.get()
        } onCancel: {
            channel.close(promise: nil)
        }
    }

    /// Closes the connection (no QUIT).
    func close() async {
        try? await channel.close()
    }

    /// Connection errors with the host and port named: refused, timed out, or otherwise failed.
    private static func connectError(_ error: any Error, _ configuration: SMTPConfiguration) -> SMTPError {
        let command = "connect to \(configuration.host):\(configuration.port)"
        if let error = error as? SMTPError { return error }
        if isRefused(error) {
            return SMTPError(.connectionRefused, command: command, detail: "connection refused (nothing listens there)")
        }
        if isTimeout(error) {
            return SMTPError(.timeout, command: command, detail: "no connection within \(configuration.connectTimeout)")
        }
        if error is NIOSSLError || error is BoringSSLError {
            return SMTPError(.tls, command: command, detail: "TLS failed: \(error)")
        }
        return SMTPError(.connectionFailed, command: command, detail: "\(error)")
    }

    private static func isRefused(_ error: any Error) -> Bool {
        if let error = error as? IOError { return error.errnoCode == ECONNREFUSED }
        if let error = error as? NIOConnectionError { return error.connectionErrors.contains { isRefused($0.error) } }
        return false
    }

    private static func isTimeout(_ error: any Error) -> Bool {
        if case ChannelError.connectTimeout = error { return true }
        if let error = error as? NIOConnectionError { return error.connectionErrors.contains { isTimeout($0.error) } }
        return false
    }
}
