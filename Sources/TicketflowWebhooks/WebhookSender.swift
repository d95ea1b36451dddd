import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import TicketflowCore

/// Sends one event to one receiver and says what came back. The protocol lets
/// the dispatcher be tested against real receivers on loopback and keeps
/// AsyncHTTPClient in this target.
public protocol WebhookTransport: Sendable {
    /// POSTs `body` to `url` with `headers`; returns the status code, or throws
    /// `WebhookSendError` when no answer came.
    func post(url: String, headers: [(String, String)], body: [UInt8]) async throws -> (status: Int, body: String)
}

/// Why a delivery got no HTTP answer.
public struct WebhookSendError: Error, CustomStringConvertible, Sendable {
    public var description: String

    public init(_ description: String) { self.description = description }
}

/// The AsyncHTTPClient transport: no redirects (a receiver that moved must be
/// updated by an admin, not followed blindly), a deadline per request, and
/// only the start of the answer kept for the delivery log.
public struct HTTPWebhookTransport: WebhookTransport {
    /// Process-wide and never shut down, like `HTTPClient.shared`.
    public static let sharedClient: HTTPClient = {
        var configuration = HTTPClient.Configuration.singletonConfiguration
        configuration.redirectConfiguration = .disallow
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(5)
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    let client: HTTPClient
    /// Longest wait for a whole answer.
    public var timeout: TimeAmount

    public init(client: HTTPClient = HTTPWebhookTransport.sharedClient, timeout: TimeAmount = .seconds(10)) {
        self.client = client
        self.timeout = timeout
    }

    public func post(
        url: String, headers: [(String, String)], body: [UInt8]
    ) async throws -> (
        status: Int, body: String
    ) {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await client.execute(request, timeout: timeout)
            // A receiver's answer is only for the log: the start is enough, and a
            // huge one must not fill memory.
            var collected = ByteBuffer()
            for try await var chunk in response.body {
                let room = 512 - collected.readableBytes
                if room <= 0 { break }
                collected.writeBuffer(&chunk)
            }
            let text = String(decoding: collected.readableBytesView.prefix(512), as: UTF8.self)
            return (Int(response.status.code), text)
        } catch let error as HTTPClientError where error == .deadlineExceeded {
            throw WebhookSendError("no answer within \(timeout.nanoseconds / 1_000_000_000) s")
        } catch {
            throw WebhookSendError("cannot reach the receiver: \(error)")
        }
    }
}
