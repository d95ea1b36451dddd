import Foundation
import NIOCore
import NIOPosix

/// Binds and releases `host:port` before the server says it listens, so a
/// port another process holds is reported first, with the port, instead of a
/// bare "Address already in use" after a "listening" line.
enum ListenCheck {
    /// Throws a `CLIFailure` naming the address when the server could not listen there.
    static func ensureAvailable(host: String, port: Int) async throws {
        // Port 0 means "any free port": nothing to check.
        guard port != 0 else { return }
        // The same socket options as Hummingbird's server (SO_REUSEADDR), so
        // the check fails exactly when the real bind would.
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
        let channel: any Channel
        do {
            channel = try await bootstrap.bind(host: host, port: port).get()
        } catch {
            throw failure(error, host: host, port: port)
        }
        try await channel.close()
    }

    /// The one-line message for a failed bind, here or (in a race) in the server itself.
    static func failure(_ error: any Error, host: String, port: Int) -> CLIFailure {
        switch (error as? IOError)?.errnoCode {
        case EADDRINUSE:
            return CLIFailure(
                "port \(port) on \(host) is already in use", hint: "stop the other process or pass --port")
        case EACCES:
            return CLIFailure("no permission to listen on port \(port) on \(host)", hint: "use a port above 1023")
        case EADDRNOTAVAIL:
            return CLIFailure(
                "\(host) is not an address of this machine", hint: "pass --host with one of its addresses")
        default:
            return CLIFailure("cannot listen on \(host) port \(port): \(error)", hint: "check --host and --port")
        }
    }

    /// True for the errors `failure` has a message for (the server's own bind failing).
    static func isBindError(_ error: any Error) -> Bool {
        guard let code = (error as? IOError)?.errnoCode else { return false }
        return [EADDRINUSE, EACCES, EADDRNOTAVAIL].contains(code)
    }
}
