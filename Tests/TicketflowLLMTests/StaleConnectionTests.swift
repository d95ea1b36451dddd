import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization
import Testing
@testable import TicketflowLLM

/// A kept-alive connection the server drops when the next request arrives, as llama.cpp does after some
/// error replies: the call goes out again on a new connection instead of failing, retry budget or not.
@Suite struct StaleConnectionTests {
    /// Answers the first request on each connection with an OpenAI chat completion (keep-alive) and closes
    /// the connection, unanswered, when a second one arrives on it. Loopback only; stops with its group.
    final class DroppingServer: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart
        static let body =
            #"{"choices":[{"index":0,"message":{"role":"assistant","content":"fresh"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":1}}"#

        /// Connections dropped so far, across the server's connections.
        final class Drops: Sendable {
            let count = Atomic<Int>(0)
        }

        let dropped: Drops
        private var answered = 0

        init(dropped: Drops) { self.dropped = dropped }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard case .end = unwrapInboundIn(data) else { return }
            answered += 1
            guard answered == 1 else {
                dropped.count.add(1, ordering: .relaxed)
                context.close(promise: nil)
                return
            }
            var head = HTTPResponseHead(version: .http1_1, status: .ok)
            head.headers.add(name: "Content-Type", value: "application/json")
            head.headers.add(name: "Content-Length", value: String(Self.body.utf8.count))
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: Self.body)))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }

    @Test func aConnectionDroppedAfterKeepAliveIsTriedAgainOnANewOne() async throws {
        let dropped = DroppingServer.Drops()
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let channel = try await ServerBootstrap(group: group)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMap {
                    channel.pipeline.addHandler(DroppingServer(dropped: dropped))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let port = try #require(channel.localAddress?.port)
        var configuration = LLMConfiguration(baseURL: "http://127.0.0.1:\(port)/v1", model: "stub-model")
        configuration.maxRetries = 0
        configuration.requestTimeout = 10
        let client = OpenAIClient(configuration: configuration)
        for _ in 0..<3 {
            let reply = try await client.chat([.user("hi")])
            #expect(reply.content == "fresh" && reply.attempts == 1)
        }
        #expect(dropped.count.load(ordering: .relaxed) >= 1, "the pool reused a connection the server then dropped")
        try await channel.close()
        try await group.shutdownGracefully()
    }
}
