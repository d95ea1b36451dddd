import NIOCore
import Synchronization
import NIOSSL

/// Hands decoded replies to the one command waiting for them, with a timeout, and performs the STARTTLS switch.
///
/// Lives on the channel's event loop; `SMTPConnection` reaches it only through `eventLoop.flatSubmit`.
final class SMTPReplyHandler: ChannelInboundHandler {
    typealias InboundIn = DecodedReply

    /// Added to the front of the pipeline when the reply to STARTTLS is 220.
    struct TLSUpgrade {
        var context: NIOSSLContext
        var serverHostname: String?
    }

    private struct Waiter {
        var id: Int
        var promise: EventLoopPromise<SMTPReply>
        var command: String
        var timeout: Scheduled<Void>
        var upgrade: TLSUpgrade?
    }

    /// Replies that arrived before anyone asked: the greeting, mostly. More than a few means a confused server.
    private var unclaimed = CircularBuffer<DecodedReply>()
    private var waiter: Waiter?
    private var failure: SMTPError?
    private var nextID = 0
    private var context: ChannelHandlerContext?
    /// The first failure, kept where the connection can still read it once this handler has left the
    /// closed pipeline: a failed TLS handshake must not be reported as "the connection is closed".
    let firstFailure: SMTPFirstFailure

    init(firstFailure: SMTPFirstFailure = SMTPFirstFailure()) {
        self.firstFailure = firstFailure
    }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }

    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    /// The next reply, failed with a timeout error (and the connection closed) when none comes in time.
    func nextReply(command: String, timeout: Duration, upgrade: TLSUpgrade? = nil) -> EventLoopFuture<SMTPReply> {
        guard let context else { preconditionFailure("nextReply before the handler was added") }
        let promise = context.eventLoop.makePromise(of: SMTPReply.self)
        if let failure {
            promise.fail(SMTPError(failure.kind, command: command, reply: failure.reply, detail: failure.detail))
            return promise.futureResult
        }
        nextID += 1
        let id = nextID
        let timer = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(timeout)) {
            self.timedOut(id: id, after: timeout)
        }
        waiter = Waiter(id: id, promise: promise, command: command, timeout: timer, upgrade: upgrade)
        if upgrade != nil, !unclaimed.isEmpty {
            fail(SMTPError(.protocolViolation, command: command, detail: "the server sent a reply before STARTTLS"))
        } else if let reply = unclaimed.popFirst() {
            deliver(reply)
        }
        return promise.futureResult
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let decoded = unwrapInboundIn(data)
        if waiter != nil {
            deliver(decoded)
        } else if unclaimed.count < 8 {
            unclaimed.append(decoded)
        } else {
            fail(SMTPError(.protocolViolation, command: "", detail: "the server sent replies nobody asked for"))
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(Self.smtpError(error))
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(SMTPError(.connectionClosed, command: "", detail: "the server closed the connection"))
        context.fireChannelInactive()
    }

    private func deliver(_ decoded: DecodedReply) {
        guard let waiter else { return }
        if let upgrade = waiter.upgrade, decoded.reply.code == 220 {
            guard !decoded.followedByBytes else {
                return fail(
                    SMTPError(
                        .protocolViolation, command: waiter.command,
                        detail: "the server sent data "
                            + "after its STARTTLS reply, before the TLS handshake"))
            }
            do {
                let tls = try NIOSSLClientHandler(context: upgrade.context, serverHostname: upgrade.serverHostname)
                // Added while handling the 220 itself, so no later plain-text byte can slip past it.
                try context?.pipeline.syncOperations.addHandler(tls, position: .first)
            } catch {
                return fail(SMTPError(.tls, command: waiter.command, detail: "cannot start TLS: \(error)"))
            }
        }
        self.waiter = nil
        waiter.timeout.cancel()
        waiter.promise.succeed(decoded.reply)
    }

    private func timedOut(id: Int, after timeout: Duration) {
        guard let waiter, waiter.id == id else { return }
        fail(SMTPError(.timeout, command: waiter.command, detail: "no reply within \(timeout)"))
    }

    /// Fails the waiting command (and every later one) and closes the connection.
    private func fail(_ error: SMTPError) {
        if failure == nil {
            failure = error
            firstFailure.keep(error)
        }
        if let waiter {
            self.waiter = nil
            waiter.timeout.cancel()
            let command = error.command.isEmpty ? waiter.command : error.command
            waiter.promise.fail(SMTPError(error.kind, command: command, reply: error.reply, detail: error.detail))
        }
        context?.close(promise: nil)
    }

    /// Errors from the pipeline (TLS, sockets, the decoder) as SMTP errors.
    static func smtpError(_ error: any Error) -> SMTPError {
        switch error {
        case let error as SMTPError:
            return error
        case NIOSSLError.uncleanShutdown:
            return SMTPError(.connectionClosed, command: "", detail: "the server closed the TLS connection")
        case let error as NIOSSLError:
            return SMTPError(.tls, command: "", detail: "TLS failed: \(error)")
        case let error as BoringSSLError:
            return SMTPError(.tls, command: "", detail: "TLS failed: \(error)")
        default:
            return SMTPError(.connectionFailed, command: "", detail: "the connection failed: \(error)")
        }
    }
}

/// A connection's first failure, shared between its reply handler (which records it) and the connection
/// (which reports it when the handler is already gone).
final class SMTPFirstFailure: Sendable {
    private let value = Mutex<SMTPError?>(nil)

    func keep(_ error: SMTPError) { value.withLock { if $0 == nil { $0 = error } } }

    var error: SMTPError? { value.withLock { $0 } }
}
