import TicketflowTesting
import Foundation
import NIOCore
import NIOPosix
import Testing

@testable import TicketflowIMAP

/// Large messages, the size cap, and the failures a poller must see clearly: refused port, silent listener,
/// untrusted certificate.
@Suite struct IMAPClientLimitsTests {
    let servers: MailServers

    init() throws {
        servers = try MailServers.running()
    }

    /// A ~1 MB message: 8-bit text lines of every printable and high byte, CRLF ended.
    private func largeMessage(lines: Int) -> [UInt8] {
        var message = imapTestMessage("large").dropLast(2).map { $0 }
        let line: [UInt8] = (0x20...0xFF).filter { $0 != 0x7F }.map { UInt8($0) } + [0x0D, 0x0A]
        for index in 0..<lines { message += Array("\(index) ".utf8) + line }
        return message
    }

    @Test func megabyteMessageComesBackByteExact() async throws {
        let client = try await servers.imapClient(security: .tls)
        let folder = try await client.createTestFolder("large")
        let large = largeMessage(lines: 4500)
        #expect(large.count > 1_000_000)
        let small = imapTestMessage("small")
        let largeUID = try #require(try await client.append(folder: folder, message: large))
        let smallUID = try #require(try await client.append(folder: folder, message: small))
        _ = try await client.select(folder)

        let whole = try await client.fetchMessages(from: largeUID)
        #expect(whole.messages.map(\.uid) == [largeUID, smallUID])
        #expect(whole.messages.first?.raw == large)
        #expect(whole.messages.first?.size == large.count)

        // Over the cap: reported with its header, not fetched; the small one still comes whole.
        let capped = try await client.fetchMessages(from: largeUID, maxMessageBytes: 100_000)
        #expect(capped.messages.map(\.uid) == [smallUID])
        #expect(capped.messages.first?.raw == small)
        #expect(
            capped.oversized.map(\.info) == [IMAPMessageInfo(uid: largeUID, size: large.count, flags: ["\\Recent"])])
        let header = try #require(capped.oversized.first?.header)
        #expect(String(decoding: header, as: UTF8.self).contains("Subject: large\r\n"))
        #expect(header.count < 200)
        #expect(capped.highestUID == smallUID)

        let skipped = try await client.fetchMessages(from: largeUID, maxMessageBytes: 100_000, oversized: .skip)
        #expect(skipped.oversized.map(\.info.uid) == [largeUID])
        #expect(skipped.oversized.first?.header == nil)

        // Batches smaller than one message still fetch every message, one command each.
        let batched = try await client.fetchMessages(from: largeUID, batchBytes: 10)
        #expect(batched.messages.map(\.raw) == [large, small])
        try await client.logout()
    }

    @Test func responseLargerThanTheLimitIsRefused() async throws {
        let writer = try await servers.imapClient()
        let folder = try await writer.createTestFolder("limit")
        try await writer.append(folder: folder, message: largeMessage(lines: 200))
        try await writer.logout()
        var configuration = servers.imap()
        configuration.maxResponseBytes = 10_000
        let reader = try await IMAPClient.connect(configuration)
        try await reader.login(username: "support@example.test", password: MailServers.password)
        _ = try await reader.select(folder)
        let error = await #expect(throws: IMAPError.self) { try await reader.fetchMessages(uids: [1]) }
        #expect(error?.code == .responseTooLarge)
        await reader.close()
    }

    @Test func refusedPortFailsAtOnce() async throws {
        // A port that was just free: bind, note, close.
        let probe = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        let port = try #require(probe.localAddress?.port)
        try await probe.close()
        let began = ContinuousClock.now
        let error = await #expect(throws: IMAPError.self) {
            _ = try await IMAPClient.connect(IMAPConfiguration(host: "127.0.0.1", port: port, security: .plain))
        }
        #expect(error?.code == .connectFailed)
        #expect(error?.text.contains("127.0.0.1:\(port)") == true)
        #expect(ContinuousClock.now - began < .seconds(5))
    }

    @Test func silentListenerTimesOutWaitingForTheGreeting() async throws {
        // A listener that accepts and never speaks (the kernel completes the handshake from its backlog).
        let silent = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        defer { silent.close(promise: nil) }
        let port = try #require(silent.localAddress?.port)
        for security in [IMAPConfiguration.Security.plain, .tls] {
            let began = ContinuousClock.now
            let configuration = IMAPConfiguration(
                host: "127.0.0.1", port: port, security: security, trust: .noVerification,
                responseTimeout: .seconds(1))
            let error = await #expect(throws: IMAPError.self) { _ = try await IMAPClient.connect(configuration) }
            #expect(error?.code == .timeout)
            #expect(error?.text.contains("greeting") == true)
            let took = ContinuousClock.now - began
            #expect(took >= .seconds(1) && took < .seconds(10))
        }
    }

    @Test func untrustedCertificateIsATLSError() async throws {
        // The server's certificate is self-signed: the system roots do not vouch for it.
        let error = await #expect(throws: IMAPError.self) {
            _ = try await IMAPClient.connect(
                IMAPConfiguration(host: "127.0.0.1", port: servers.imapsPort, security: .tls, trust: .systemRoots))
        }
        #expect(error?.code == .tls)
        let startTLS = await #expect(throws: IMAPError.self) {
            _ = try await IMAPClient.connect(
                IMAPConfiguration(host: "127.0.0.1", port: servers.imapPort, security: .startTLS, trust: .systemRoots))
        }
        #expect(startTLS?.code == .tls)
    }

    @Test func serverClosingTheSessionIsAClearError() async throws {
        // Dovecot ends a session after too many invalid commands with a BYE and a close: a real server-side
        // disconnect. Each invalid command first fails alone with BAD and the server's text.
        let client = try await servers.imapClient()
        var errors: [IMAPError] = []
        for _ in 0..<40 {
            do {
                try await client.run(IMAPCommand("XNONSENSE"))
            } catch let error as IMAPError {
                errors.append(error)
                if error.code != .bad { break }
            }
        }
        #expect(errors.first?.code == .bad)
        #expect(errors.first?.command == "XNONSENSE")
        let last = try #require(errors.last)
        #expect(last.code == .bye)
        #expect(last.text.contains("Too many invalid"))
        // The client now knows the connection is gone and says so at once.
        let after = await #expect(throws: IMAPError.self) { try await client.noop() }
        #expect(after == last)
    }
}
