import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// An integrator's webhook endpoint on 127.0.0.1 for tests: it records every
/// request (headers lower-cased, body as sent) and answers with the status
/// the test sets, so delivery, retries and signatures are checked over real HTTP.
public final class WebhookReceiver: Sendable {
    /// One request as the receiver saw it.
    public struct Delivery: Sendable {
        public var headers: [String: String]
        public var body: [UInt8]
    }

    private let recorded = Mutex<[Delivery]>([])
    private let status = Mutex<HTTPResponse.Status>(.noContent)
    private let task = Mutex<Task<Void, any Error>?>(nil)
    private let address = Mutex("")

    private init() {}

    /// `http://127.0.0.1:PORT/hooks`.
    public var url: String { address.withLock { $0 } }

    /// Every request received so far.
    public var deliveries: [Delivery] { recorded.withLock { $0 } }

    /// The status the next requests get (204 at first).
    public func answer(_ next: HTTPResponse.Status) { status.withLock { $0 = next } }

    /// Starts a receiver on a free loopback port.
    public static func start() async throws -> WebhookReceiver {
        let receiver = WebhookReceiver()
        let router = Router()
        router.post("hooks") { request, _ in
            let buffer = try await request.body.collect(upTo: 1 << 20)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            receiver.recorded.withLock { $0.append(Delivery(headers: headers, body: Array(buffer.readableBytesView))) }
            return Response(status: receiver.status.withLock { $0 })
        }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "webhook-receiver")
        logger.logLevel = .critical
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        receiver.task.withLock { $0 = Task { try await app.runService(gracefulShutdownSignals: []) } }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else { throw CancellationError() }
        receiver.address.withLock { $0 = "http://127.0.0.1:\(port)/hooks" }
        return receiver
    }

    /// Stops the receiver.
    public func stop() { task.withLock { $0?.cancel() } }
}
