import TicketflowTesting
import Foundation
import NIOCore
import NIOPosix
import TicketflowSMTP

extension MailServers {
    /// The submission port: STARTTLS, the servers' certificate trusted through its file, `user`'s password.
    func submission(
        as user: String, password: String = MailServers.password, mechanism: SMTPConfiguration.AuthMechanism? = nil
    ) -> SMTPConfiguration {
        SMTPConfiguration(
            host: host, port: smtpPort, security: .startTLS, trust: .certificateFile(certificatePath),
            credentials: .init(username: user, password: password), authMechanism: mechanism,
            heloName: "client.example.test", commandTimeout: .seconds(15))
    }

    /// The relay port: no AUTH, local recipients only.
    func relay(security: SMTPConfiguration.Security = .none) -> SMTPConfiguration {
        SMTPConfiguration(
            host: host, port: smtpRelayPort, security: security, trust: .certificateFile(certificatePath),
            heloName: "client.example.test", commandTimeout: .seconds(15))
    }

    /// The text of the message Postfix delivered to `user` that contains `marker`, waiting for the delivery
    /// (the queue manager delivers asynchronously, a few milliseconds after the server accepted the message).
    func deliveredMessage(
        to user: String, containing marker: String, within timeout: Duration = .seconds(10)
    )
        async throws -> String
    {
        let deadline = ContinuousClock.now + timeout
        let maildir = maildir(of: user)
        while ContinuousClock.now < deadline {
            for folder in ["new", "cur"] {
                let directory = maildir.appendingPathComponent(folder)
                let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
                for name in names {
                    let data = (try? Data(contentsOf: directory.appendingPathComponent(name))) ?? Data()
                    let text = String(decoding: data, as: UTF8.self)
                    if text.contains(marker) { return text }
                }
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw MailServersError.failed("no message with \(marker) reached \(user)'s Maildir within \(timeout)")
    }
}

/// A message with a unique marker in its subject, so a test finds its own delivery among the others'.
struct TestMessage {
    let marker = "smtp-test-\(UUID().uuidString)"
    var from = "support@example.test"
    var to = "customer@example.test"
    var body = "Hello,\r\nthis is a test.\r\n"

    var bytes: [UInt8] {
        let text =
            "From: <\(from)>\r\nTo: <\(to)>\r\nSubject: \(marker)\r\nMessage-ID: <\(marker)@example.test>\r\n"
            + "Date: Thu, 03 Dec 2026 12:00:00 +0000\r\n\r\n\(body)"
        return Array(text.utf8)
    }
}

/// A TCP listener on 127.0.0.1 that accepts connections and never sends a byte: a server that hangs.
struct SilentListener {
    let channel: any Channel
    var port: Int { channel.localAddress?.port ?? 0 }

    static func start() async throws -> SilentListener {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in channel.eventLoop.makeSucceededVoidFuture() }
            .bind(host: "127.0.0.1", port: 0).get()
        return SilentListener(channel: channel)
    }

    func stop() async { try? await channel.close() }

    /// A port nothing listens on: one the kernel just handed out and that was closed again.
    static func freePort() async throws -> Int {
        let listener = try await start()
        let port = listener.port
        await listener.stop()
        return port
    }
}
