import NIOCore
import NIOHTTP1
import NIOPosix

/// One HTTP/1.1 request per connection over loopback, optionally from a
/// chosen source address (any of 127.0.0.0/8 on Linux), so tests can play
/// many clients at once, as sign-in throttling per address needs. Non-blocking
/// (NIO), so a test measuring latency does not itself tie up its threads.
public enum LoopbackHTTPClient {
    /// What came back.
    public struct Response: Sendable {
        /// The status code.
        public var status: Int
        /// Header fields in order, names lower-cased.
        public var headers: [(name: String, value: String)]
        /// The body as text.
        public var body: String

        /// The first value of header `name`.
        public func header(_ name: String) -> String? {
            headers.first { $0.name == name.lowercased() }?.value
        }

        /// The value a `Set-Cookie` header gives cookie `name`.
        public func cookie(_ name: String) -> String? {
            for (field, value) in headers where field == "set-cookie" && value.hasPrefix(name + "=") {
                return String(value.dropFirst(name.count + 1).prefix { $0 != ";" })
            }
            return nil
        }
    }

    /// Sends `method path` to 127.0.0.1:`port` from `source` (nil lets the kernel choose).
    public static func send(
        _ method: String, _ path: String, port: Int, from source: String? = nil,
        headers: [(String, String)] = [], body: String? = nil
    ) async throws -> Response {
        var bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        if let source { bootstrap = bootstrap.bind(to: try SocketAddress(ipAddress: source, port: 0)) }
        let channel = try await bootstrap.connect(host: "127.0.0.1", port: port) { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHTTPClientHandlers()
                return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(
                    wrappingChannelSynchronously: channel)
            }
        }
        return try await channel.executeThenClose { inbound, outbound in
            var head = HTTPRequestHead(version: .http1_1, method: HTTPMethod(rawValue: method), uri: path)
            head.headers.add(name: "Host", value: "127.0.0.1:\(port)")
            head.headers.add(name: "Connection", value: "close")
            for (name, value) in headers { head.headers.add(name: name, value: value) }
            if let body { head.headers.add(name: "Content-Length", value: String(body.utf8.count)) }
            try await outbound.write(.head(head))
            if let body { try await outbound.write(.body(.byteBuffer(ByteBuffer(string: body)))) }
            try await outbound.write(.end(nil))
            var response = Response(status: 0, headers: [], body: "")
            for try await part in inbound {
                switch part {
                case .head(let head):
                    response.status = Int(head.status.code)
                    for field in head.headers { response.headers.append((field.name.lowercased(), field.value)) }
                case .body(let buffer):
                    response.body += String(buffer: buffer)
                case .end:
                    return response
                }
            }
            return response
        }
    }
}
