import TicketflowTesting
import Foundation
import Testing
import TicketflowSMTP

/// SMTPClient against the loopback Postfix of scripts/mail-servers.sh, deliveries checked in the Maildirs.
@Suite struct SMTPClientTests {
    let servers: MailServers

    init() throws { servers = try MailServers.running() }

    @Test func deliversOverStartTLSWithAuthPlain() async throws {
        let message = TestMessage(from: "support@example.test", to: "customer@example.test")
        let client = SMTPClient(configuration: servers.submission(as: "support@example.test", mechanism: .plain))
        let reply = try await client.send(from: message.from, to: [message.to], message: message.bytes)
        #expect(reply.code == 250)
        #expect(reply.enhancedStatus == "2.0.0")
        #expect(reply.text.contains("queued as"))
        let delivered = try await servers.deliveredMessage(to: "customer@example.test", containing: message.marker)
        #expect(delivered.contains("Subject: \(message.marker)\n"))
        #expect(delivered.contains("\nHello,\nthis is a test.\n"))
        // Postfix notes how the message came in: over TLS, authenticated.
        #expect(delivered.contains("with ESMTPSA"))
    }

    @Test func deliversWithAuthLoginToSeveralRecipients() async throws {
        let message = TestMessage(from: "agent@example.test", to: "customer@example.test")
        let client = SMTPClient(configuration: servers.submission(as: "agent@example.test", mechanism: .login))
        let recipients = ["customer@example.test", "support@example.test"]
        try await client.send(from: message.from, to: recipients, message: message.bytes)
        for recipient in recipients {
            let delivered = try await servers.deliveredMessage(to: recipient, containing: message.marker)
            #expect(delivered.contains("Delivered-To: \(recipient)\n"))
        }
    }

    @Test func deliversOverImplicitTLSCheckingTheHostName() async throws {
        let message = TestMessage(from: "customer@example.test", to: "support@example.test")
        var configuration = servers.submission(as: "customer@example.test", mechanism: .login)
        // "localhost" rather than 127.0.0.1: the certificate is checked against the name (sent as SNI too).
        configuration.host = "localhost"
        configuration.port = servers.smtpsPort
        configuration.security = .tls
        try await SMTPClient(configuration: configuration).send(
            from: message.from, to: [message.to], message: message.bytes)
        let delivered = try await servers.deliveredMessage(to: message.to, containing: message.marker)
        #expect(delivered.contains("with ESMTPSA"))
    }

    @Test func wrongPasswordIsAPermanent535() async throws {
        let message = TestMessage()
        let configuration = servers.submission(as: "support@example.test", password: "not-the-password")
        let error = try await #require(throws: SMTPError.self) {
            try await SMTPClient(configuration: configuration).send(
                from: message.from, to: [message.to], message: message.bytes)
        }
        #expect(error.kind == .reply)
        #expect(error.code == 535)
        #expect(error.enhancedStatus == "5.7.8")
        #expect(error.command == "AUTH PLAIN")
        #expect(error.isPermanent)
        #expect(!error.description.contains("not-the-password"))
        #expect(error.description.hasPrefix("AUTH PLAIN failed: 535 5.7.8"))
    }

    @Test func unknownRecipientIsRefusedWith550() async throws {
        let message = TestMessage(to: "nobody@example.test")
        let error = try await #require(throws: SMTPError.self) {
            try await SMTPClient(configuration: servers.relay()).send(
                from: message.from, to: ["customer@example.test", "nobody@example.test"], message: message.bytes)
        }
        #expect(error.kind == .reply)
        #expect(error.code == 550)
        #expect(error.enhancedStatus == "5.1.1")
        #expect(error.command == "RCPT TO:<nobody@example.test>")
        #expect(error.text?.contains("nobody@example.test") == true)
        #expect(error.isPermanent)
    }

    @Test func linesStartingWithADotArriveIntact() async throws {
        var message = TestMessage()
        // Bare LF line endings on purpose: the client must send CRLF, and stuff the dots.
        message.body = ".leading dot\n..two dots\n.\nafter a lone dot\n"
        try await SMTPClient(configuration: servers.relay()).send(
            from: message.from, to: [message.to], message: message.bytes)
        let delivered = try await servers.deliveredMessage(to: message.to, containing: message.marker)
        #expect(delivered.hasSuffix("\n\n.leading dot\n..two dots\n.\nafter a lone dot\n"))
    }

    @Test func opportunisticStartTLSIsUsedWhenOffered() async throws {
        let message = TestMessage()
        try await SMTPClient(configuration: servers.relay(security: .startTLSIfAvailable)).send(
            from: message.from, to: [message.to], message: message.bytes)
        let delivered = try await servers.deliveredMessage(to: message.to, containing: message.marker)
        #expect(delivered.contains("with ESMTPS"))
    }

    @Test func untrustedCertificateIsATLSError() async throws {
        var configuration = servers.submission(as: "support@example.test")
        configuration.trust = .systemRoots
        let message = TestMessage()
        let error = try await #require(throws: SMTPError.self) {
            try await SMTPClient(configuration: configuration).send(
                from: message.from, to: [message.to], message: message.bytes)
        }
        #expect(error.kind == .tls)
        #expect(!error.isPermanent)
        #expect(error.description.contains("TLS failed"))
    }

    @Test func authWithoutTLSIsUnavailableOnTheSubmissionPort() async throws {
        var configuration = servers.submission(as: "support@example.test")
        configuration.security = .none
        let message = TestMessage()
        let error = try await #require(throws: SMTPError.self) {
            try await SMTPClient(configuration: configuration).send(
                from: message.from, to: [message.to], message: message.bytes)
        }
        #expect(error.kind == .authenticationUnavailable)
        #expect(error.isPermanent)
        #expect(error.description.contains("only after STARTTLS"))
    }

    @Test func connectionRefusedFailsFastAndClearly() async throws {
        let port = try await SilentListener.freePort()
        let configuration = SMTPConfiguration(host: "127.0.0.1", port: port, security: .none)
        let start = ContinuousClock.now
        let error = try await #require(throws: SMTPError.self) {
            try await SMTPClient(configuration: configuration).send(
                from: "support@example.test", to: ["customer@example.test"], message: Array("x".utf8))
        }
        #expect(ContinuousClock.now - start < .seconds(2))
        #expect(error.kind == .connectionRefused)
        #expect(!error.isPermanent)
        #expect(error.description == "connect to 127.0.0.1:\(port): connection refused (nothing listens there)")
    }

    @Test func silentServerTimesOutWithinTheConfiguredTime() async throws {
        let listener = try await SilentListener.start()
        let configuration = SMTPConfiguration(
            host: "127.0.0.1", port: listener.port, security: .none, commandTimeout: .milliseconds(500))
        let start = ContinuousClock.now
        var caught: (any Error)?
        do {
            try await SMTPClient(configuration: configuration).send(
                from: "support@example.test", to: ["customer@example.test"], message: Array("x".utf8))
        } catch {
            caught = error
        }
        await listener.stop()
        let error = try #require(caught as? SMTPError)
        let elapsed = ContinuousClock.now - start
        #expect(elapsed >= .milliseconds(500) && elapsed < .seconds(3))
        #expect(error.kind == .timeout)
        #expect(error.command == "greeting")
        #expect(!error.isPermanent)
    }

    @Test func cancellingASendStopsWaitingAtOnce() async throws {
        let listener = try await SilentListener.start()
        let configuration = SMTPConfiguration(
            host: "127.0.0.1", port: listener.port, security: .none, commandTimeout: .seconds(30))
        let start = ContinuousClock.now
        let send = Task {
            try await SMTPClient(configuration: configuration).send(
                from: "support@example.test", to: ["customer@example.test"], message: Array("x".utf8))
        }
        try await Task.sleep(for: .milliseconds(200))
        send.cancel()
        let result = await send.result
        await listener.stop()
        #expect(ContinuousClock.now - start < .seconds(5))
        let error = try #require(result.failureError as? SMTPError)
        #expect(error.kind == .connectionClosed)
    }
}

extension Result {
    fileprivate var failureError: Failure? {
        if case .failure(let error) = self { error } else { nil }
    }
}
