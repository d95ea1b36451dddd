// The two channel handlers under IMAPConnection: one cuts bytes into parsed responses, the other queues them
// for the client and hands them out one at a time with a deadline. Both run on the channel's event loop only.

import NIOCore
import NIOSSL

/// Cuts the inbound byte stream into responses with `IMAPResponseFramer` and parses each.
struct IMAPResponseDecoder: ByteToMessageDecoder {
    typealias InboundOut = IMAPResponse

    let framer: IMAPResponseFramer

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        let framer = self.framer
        guard
            let length = try buffer.withUnsafeReadableBytes({ bytes throws(IMAPError) in
                try framer.frameLength(in: bytes)
            })
        else {
            return .needMoreData
        }
        let response = try IMAPResponseParser.parse(buffer.readBytes(length: length) ?? [])
        context.fireChannelRead(wrapInboundOut(response))
        return .continue
    }

    mutating func decodeLast(
        context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool
    ) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        return .needMoreData
    }
}

/// Queues parsed responses and the connection's first failure; `next(timeout:)` waits for one.
final class IMAPInbox: ChannelInboundHandler {
    typealias InboundIn = IMAPResponse

    private var queue = CircularBuffer<IMAPResponse>()
    /// The connection's first failure; responses queued before it are still handed out first.
    private(set) var failure: IMAPError?
    private var waiter: (promise: EventLoopPromise<IMAPResponse>, timer: Scheduled<Void>, id: String?)?
    /// A cancellation that arrived before its read started (both hop onto the event loop separately).
    private var earlyCancellation: String?
    private let eventLoop: any EventLoop

    init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    /// The next response, or the connection's failure, or a `.timeout` error after `timeout`.
    /// A timeout leaves the connection as it is: IDLE's caller expects one; other callers close.
    /// A read with an `id` can be ended early by `cancel(id:)`, with CancellationError.
    func next(timeout: TimeAmount, id: String? = nil) -> EventLoopFuture<IMAPResponse> {
        eventLoop.preconditionInEventLoop()
        if let response = queue.popFirst() { return eventLoop.makeSucceededFuture(response) }
        if let failure { return eventLoop.makeFailedFuture(failure) }
        if let id, earlyCancellation == id {
            earlyCancellation = nil
            return eventLoop.makeFailedFuture(CancellationError())
        }
        let promise = eventLoop.makePromise(of: IMAPResponse.self)
        let seconds = Double(timeout.nanoseconds) / 1e9
        let timer = eventLoop.assumeIsolated().scheduleTask(in: timeout) { [self] in
            guard let waiter = self.waiter else { return }
            self.waiter = nil
            waiter.promise.fail(IMAPError(.timeout, text: "no response from the server within \(seconds) s"))
        }
        waiter = (promise, timer, id)
        return promise.futureResult
    }

    /// Whether responses are waiting to be read.
    var hasQueuedResponses: Bool { !queue.isEmpty }

    /// Takes every response waiting to be read.
    func drain() -> [IMAPResponse] {
        defer { queue.removeAll() }
        return Array(queue)
    }

    /// Ends the read with `id` (now or when it starts) with CancellationError; the connection stays usable.
    func cancel(id: String) {
        eventLoop.preconditionInEventLoop()
        guard let waiter, waiter.id == id else {
            earlyCancellation = id
            return
        }
        self.waiter = nil
        waiter.timer.cancel()
        waiter.promise.fail(CancellationError())
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let response = unwrapInboundIn(data)
        if let waiter {
            self.waiter = nil
            waiter.timer.cancel()
            waiter.promise.succeed(response)
        } else {
            queue.append(response)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(Self.imapError(error))
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(IMAPError(.connectionClosed, text: "the server closed the connection"))
        context.fireChannelInactive()
    }

    private func fail(_ error: IMAPError) {
        if failure == nil { failure = error }
        if let waiter {
            self.waiter = nil
            waiter.timer.cancel()
            waiter.promise.fail(failure ?? error)
        }
    }

    /// Names a channel error in IMAP terms; TLS failures (bad certificate, wrong host) say so.
    /// With `connecting`, a socket error is a failure to connect to that address.
    static func imapError(_ error: any Error, connecting address: String? = nil) -> IMAPError {
        if let address, !(error is IMAPError) {
            return IMAPError(.connectFailed, text: "cannot connect to \(address): \(error)")
        }
        switch error {
        case let error as IMAPError:
            return error
        case let error as NIOSSLError:
            return IMAPError(.tls, text: "TLS failed: \(error)")
        case let error as BoringSSLError:
            return IMAPError(.tls, text: "TLS failed: \(error)")
        case let error as NIOSSLExtraError:
            return IMAPError(.tls, text: "TLS failed: \(error)")
        case let error as IOError:
            return IMAPError(.connectionClosed, text: "connection lost: \(error)")
        default:
            return IMAPError(.connectionClosed, text: "connection failed: \(error)")
        }
    }
}
