import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import HummingbirdWSClient
import Logging
import NIOCore
import Testing
import TicketflowApp
import TicketflowChat
import TicketflowPostgres
import TicketflowTesting

let shopOrigin = "https://shop.example"
let shopSecret = "site-secret-0123456789"

/// The `Origin` the WebSocket client library sends by itself (scheme and host of the URL); it cannot
/// be replaced, only added to, so live tests allow it as the page's origin.
let socketClientOrigin = "ws://127.0.0.1"

/// A chat site `shop` for the page origin above, with identity signing, on the demo help center.
func configureChat(_ configuration: inout AppConfiguration, limits: ChatLimits = ChatLimits()) {
    configuration.demo = true
    configuration.chat.sites = [
        ChatSite(id: "shop", allowedOrigins: [shopOrigin, socketClientOrigin], identitySecret: shopSecret)
    ]
    configuration.chat.limits = limits
}

extension TestClientProtocol {
    /// A chat call as the widget makes it from `origin`, with the visitor's token.
    func chat(
        _ method: HTTPRequest.Method, _ path: String, token: String? = nil, origin: String? = shopOrigin,
        body: String? = nil
    ) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let origin { headers[.origin] = origin }
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await execute(
            uri: path, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }
        ) { $0 }
    }

    /// Starts a session for site `shop` and returns its token.
    func chatSession(_ extra: String = "") async throws -> String {
        let response = try await chat(.post, "/v1/chat/sessions", body: #"{"site":"shop"\#(extra)}"#)
        #expect(response.status == .ok)
        return try #require(try json(response)["token"] as? String)
    }
}

/// Frames from a widget's WebSocket, read one by one with the ones a test does not want skipped.
struct ChatFrames {
    var iterator: WebSocketInboundMessageStream.AsyncIterator

    /// The next frame of `type` (and matching `where`), skipping others; fails after `limit` frames.
    mutating func next(
        _ type: String, limit: Int = 20, sourceLocation: SourceLocation = #_sourceLocation,
        where predicate: ([String: Any]) -> Bool = { _ in true }
    ) async throws -> [String: Any] {
        for _ in 0..<limit {
            guard let message = try await iterator.next() else { break }
            guard case .text(let text) = message,
                let frame = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
            else { continue }
            if frame["type"] as? String == type, predicate(frame) { return frame }
        }
        Issue.record("no \(type) frame", sourceLocation: sourceLocation)
        throw CancellationError()
    }

    /// The next frame, whatever its type; nil once the socket closed.
    mutating func any() async throws -> [String: Any]? {
        while let message = try await iterator.next() {
            if case .text(let text) = message,
                let frame = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
            {
                return frame
            }
        }
        return nil
    }
}

/// Opens the widget's WebSocket on `port` and runs `body` with its frames and writer; `extraOrigin`
/// adds a second `Origin` header to the client's own.
func withChatSocket(
    port: Int, token: String, extraOrigin: String? = nil,
    _ body: @escaping @Sendable (inout ChatFrames, WebSocketOutboundWriter) async throws -> Void
) async throws {
    var configuration = WebSocketClientConfiguration()
    if let extraOrigin { configuration.additionalHeaders = [.origin: extraOrigin] }
    let encoded = token.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? token
    try await WebSocketClient.connect(
        url: "ws://127.0.0.1:\(port)/v1/chat/socket?token=\(encoded)", configuration: configuration,
        logger: TestApp.logger
    ) { inbound, outbound, _ in
        var frames = ChatFrames(iterator: inbound.messages(maxSize: 1 << 20).makeAsyncIterator())
        // Returning closes the connection.
        try await body(&frames, outbound)
    }
}

/// Two nodes on one scratch PostgreSQL database (`TICKETFLOW_TEST_POSTGRES_URL`), each configured by
/// `configure` (its second argument: false for node A, true for node B), running `body`; skipped without a
/// server, except in CI, where `test` must run.
func withTwoChatNodes(
    _ test: String, configure: @escaping (inout AppConfiguration, Bool) -> Void,
    _ body: @escaping (AppServices, AppServices) async throws -> Void
) async throws {
    guard let server = ProcessInfo.processInfo.environment["TICKETFLOW_TEST_POSTGRES_URL"], !server.isEmpty else {
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            Issue.record("TICKETFLOW_TEST_POSTGRES_URL is not set: CI must run \(test)")
        }
        return
    }
    try await PostgresScratchDatabase.with(serverURL: server, logger: TestApp.logger) { url in
        try await withTemporaryDirectory { dirA in
            try await withTemporaryDirectory { dirB in
                func node(_ dir: String, isB: Bool) -> AppConfiguration {
                    var configuration = TestApp.configuration(dataDirectory: dir)
                    configuration.databaseURL = url
                    configuration.ratingLinkSecret = "shared-secret-of-both-nodes"
                    configure(&configuration, isB)
                    return configuration
                }
                try await AppServices.with(node(dirA, isB: false), logger: TestApp.logger) { nodeA in
                    try await AppServices.with(node(dirB, isB: true), logger: TestApp.logger) { nodeB in
                        try await body(nodeA, nodeB)
                    }
                }
            }
        }
    }
}

/// Sends a customer message over the socket.
func say(_ text: String, on outbound: WebSocketOutboundWriter) async throws {
    let body = try JSONSerialization.data(withJSONObject: ["type": "message", "text": text])
    try await outbound.write(.text(String(decoding: body, as: UTF8.self)))
}
