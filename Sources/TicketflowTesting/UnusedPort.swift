import NIOCore
import NIOPosix

/// Loopback ports for "the endpoint is down" tests.
public enum UnusedPort {
    /// A loopback TCP port that nothing listens on: the kernel picks a free one,
    /// which is bound and closed at once, so connecting to it is refused.
    public static func loopback() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress?.port ?? 0
        try await channel.close()
        return port
    }
}
