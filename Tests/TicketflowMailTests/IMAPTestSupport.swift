import Foundation
import Testing

@testable import TicketflowIMAP

/// Where the loopback Dovecot of scripts/mail-servers.sh listens, and logged-in clients on it.
struct IMAPTestServer {
    /// Plain IMAP with STARTTLS.
    var imapPort: Int
    /// Implicit TLS.
    var imapsPort: Int
    /// The servers' directory, holding `tls/cert.pem`.
    var mailDir: String

    static let password = "secret"

    /// The running servers, from the environment the script sets.
    static func current() throws -> IMAPTestServer {
        let environment = ProcessInfo.processInfo.environment
        guard let imap = environment["TICKETFLOW_TEST_IMAP_PORT"].flatMap(Int.init),
            let imaps = environment["TICKETFLOW_TEST_IMAPS_PORT"].flatMap(Int.init),
            let dir = environment["TICKETFLOW_TEST_MAIL_DIR"]
        else {
            throw IMAPError(.connectFailed, text: "mail servers not configured")
        }
        return IMAPTestServer(imapPort: imap, imapsPort: imaps, mailDir: dir)
    }

    var certificate: String { mailDir + "/tls/cert.pem" }

    /// Settings for the test server; the self-signed certificate is trusted through its file.
    func configuration(
        _ security: IMAPConfiguration.Security = .startTLS, responseTimeout: Duration = .seconds(15)
    ) -> IMAPConfiguration {
        IMAPConfiguration(
            host: "127.0.0.1", port: security == .tls ? imapsPort : imapPort, security: security,
            trust: .certificateFile(certificate), responseTimeout: responseTimeout)
    }

    /// A client logged in as `user`.
    func client(
        _ user: String = "support@example.test", security: IMAPConfiguration.Security = .startTLS
    ) async throws -> IMAPClient {
        let client = try await IMAPClient.connect(configuration(security))
        try await client.login(username: user, password: Self.password)
        return client
    }
}

extension IMAPClient {
    /// Creates a mailbox with a fresh name, so each test has its own and tests can run in parallel.
    func createTestFolder(_ prefix: String = "test") async throws -> String {
        let name = "\(prefix)-\(UInt64.random(in: 0..<UInt64.max))"
        try await run(IMAPCommand("CREATE", [.mailbox(name)]))
        return name
    }
}

/// A small RFC 5322 message with CRLF line ends.
func testMessage(_ subject: String, body: String = "Hello.") -> [UInt8] {
    Array("From: customer@example.test\r\nTo: support@example.test\r\nSubject: \(subject)\r\n\r\n\(body)\r\n".utf8)
}
