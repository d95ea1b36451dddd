// The socket under IMAPClient: opens TCP (and TLS), adds TLS later for STARTTLS, writes bytes and hands out
// parsed responses with deadlines. Knows nothing of commands or tags.

import NIOCore
import NIOPosix
import NIOSSL

/// One TCP connection to an IMAP server, with its decoder and response queue.
final class IMAPConnection: Sendable {
    private let channel: any Channel
    private let inbox: NIOLoopBound<IMAPInbox>
    private let configuration: IMAPConfiguration

    private init(channel: any Channel, inbox: NIOLoopBound<IMAPInbox>, configuration: IMAPConfiguration) {
        self.channel = channel
        self.inbox = inbox
        self.configuration = configuration
    }

    /// Opens the connection, with TLS from the start when the configuration says `.tls`.
    static func open(_ configuration: IMAPConfiguration, group: any EventLoopGroup) async throws -> IMAPConnection {
        let tlsContext = configuration.security == .tls ? try makeTLSContext(configuration) : nil
        let serverName = sniName(configuration)
        let framer = IMAPResponseFramer(maxResponseBytes: configuration.maxResponseBytes)
        // Handlers go in before the connection is active: the greeting may arrive at once. The inbox is
        // made for the connection's event loop up front and kept, not looked up in the pipeline after the
        // connect: a TLS handshake that fails at once empties the pipeline, and its error is in the inbox.
        let eventLoop = group.next()
        let inbox = try await eventLoop.submit {
            NIOLoopBound(IMAPInbox(eventLoop: eventLoop), eventLoop: eventLoop)
        }.get()
        let bootstrap = ClientBootstrap(group: eventLoop)
            .connectTimeout(TimeAmount(configuration.connectTimeout))
            .channelOption(.socketOption(.so_keepalive), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let handlers = channel.pipeline.syncOperations
                    if let tlsContext {
                        try handlers.addHandler(NIOSSLClientHandler(context: tlsContext, serverHostname: serverName))
                    }
                    try handlers.addHandler(ByteToMessageHandler(IMAPResponseDecoder(framer: framer)))
                    try handlers.addHandler(inbox.value)
                }
            }
        do {
            let channel = try await bootstrap.connect(host: configuration.host, port: configuration.port).get()
            return IMAPConnection(channel: channel, inbox: inbox, configuration: configuration)
        } catch {
            throw IMAPInbox.imapError(error, connecting: "\(configuration.host):\(configuration.port)")
        }
    }

    /// Starts TLS on the open connection (after the server's OK to STARTTLS).
    func startTLS() async throws {
        let context = try Self.makeTLSContext(configuration)
        let serverName = Self.sniName(configuration)
        let channel = self.channel
        let inbox = self.inbox
        do {
            try await channel.eventLoop.submit {
                // Anything already read came in clear after the server's OK: a man in the middle may have
                // injected it to be taken as protected (the CVE-2011-0411 kind of STARTTLS attack). Refuse.
                guard !inbox.value.hasQueuedResponses else {
                    throw IMAPError(.protocolViolation, command: "STARTTLS", text: "unencrypted data after STARTTLS")
                }
                let handler = try NIOSSLClientHandler(context: context, serverHostname: serverName)
                try channel.pipeline.syncOperations.addHandler(handler, position: .first)
            }.get()
        } catch {
            throw IMAPInbox.imapError(error)
        }
    }

    /// Sends `bytes`; a write that does not finish within the response timeout closes the connection.
    func write(_ bytes: [UInt8]) async throws {
        let channel = self.channel
        let timeout = configuration.responseTimeout
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                do {
                    try await channel.writeAndFlush(ByteBuffer(bytes: bytes)).get()
                } catch {
                    // The inbox knows the cause (a failed TLS handshake) better than the write does.
                    throw await self.failure() ?? IMAPInbox.imapError(error)
                }
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                // The write is stuck (the server stopped reading): closing fails it, which ends the group.
                channel.close(promise: nil)
                throw IMAPError(.timeout, text: "could not send to the server within \(timeout)")
            }
            defer { group.cancelAll() }
            try await group.next()
        }
    }

    /// The next response, waiting at most `timeout` (by default the configured response timeout).
    /// A read with an `id` can be ended by `cancelRead(id:)`.
    func read(timeout: Duration? = nil, id: String? = nil) async throws -> IMAPResponse {
        let inbox = self.inbox
        let wait = TimeAmount(timeout ?? configuration.responseTimeout)
        return try await channel.eventLoop.flatSubmit { inbox.value.next(timeout: wait, id: id) }.get()
    }

    /// The responses that arrived but were not read (after a failure: a BYE there says why).
    func unread() async -> [IMAPResponse] {
        let inbox = self.inbox
        return (try? await channel.eventLoop.submit { inbox.value.drain() }.get()) ?? []
    }

    /// Why the connection failed, if it did.
    private func failure() async -> IMAPError? {
        let inbox = self.inbox
        return try? await channel.eventLoop.submit { inbox.value.failure }.get()
    }

    /// Ends the read with `id` with CancellationError, leaving the connection usable.
    func cancelRead(id: String) {
        let inbox = self.inbox
        channel.eventLoop.execute { inbox.value.cancel(id: id) }
    }

    /// Closes the connection; safe to call twice.
    func close() async {
        try? await channel.close()
    }

    /// Starts closing the connection without waiting (for deinit).
    func closeSoon() {
        channel.close(promise: nil)
    }

    private static func makeTLSContext(_ configuration: IMAPConfiguration) throws -> NIOSSLContext {
        var tls = TLSConfiguration.makeClientConfiguration()
        switch configuration.trust {
        case .systemRoots:
            tls.trustRoots = .default
        case .certificateFile(let path):
            tls.trustRoots = .file(path)
        case .noVerification:
            tls.certificateVerification = .none
        }
        do {
            return try NIOSSLContext(configuration: tls)
        } catch {
            throw IMAPError(.tls, text: "cannot set up TLS: \(error)")
        }
    }

    /// The SNI and verification name; nil for an IP address, which NIOSSL then checks against the peer address.
    private static func sniName(_ configuration: IMAPConfiguration) -> String? {
        let name = configuration.serverName ?? configuration.host
        let isIP = (try? SocketAddress(ipAddress: name, port: 0)) != nil
        return isIP ? nil : name
    }
}
