import TicketflowTesting
import Foundation
import Testing

@testable import TicketflowIMAP

extension MailServers {
    /// IMAP settings for the loopback Dovecot; its self-signed certificate is trusted through its file.
    func imap(
        _ security: IMAPConfiguration.Security = .startTLS, responseTimeout: Duration = .seconds(15)
    ) -> IMAPConfiguration {
        IMAPConfiguration(
            host: host, port: security == .tls ? imapsPort : imapPort, security: security,
            trust: .certificateFile(certificatePath), responseTimeout: responseTimeout)
    }

    /// A client logged in (LOGIN) as `user`.
    func imapClient(
        _ user: String = "support@example.test", security: IMAPConfiguration.Security = .startTLS
    ) async throws -> IMAPClient {
        let client = try await IMAPClient.connect(imap(security))
        try await client.login(username: user, password: MailServers.password)
        return client
    }
}

extension IMAPClient {
    /// Creates a mailbox with a fresh name, so each test has its own and tests can run in parallel.
    ///
    /// Dovecot (2.3, Maildir) sometimes answers `NO [ALREADYEXISTS]` for a fresh name while other sessions of
    /// the same user create mailboxes at the same moment: 1 in 240 concurrent CREATEs from python's imaplib did,
    /// against none of 300 sequential ones. That race is the server's, so a fresh name is tried again.
    func createTestFolder(_ prefix: String = "test") async throws -> String {
        for attempt in 1...5 {
            let name = "\(prefix)-\(UInt64.random(in: 0..<UInt64.max))"
            do {
                try await run(IMAPCommand("CREATE", [.mailbox(name)]))
                return name
            } catch let error as IMAPError where error.responseCode?.name == "ALREADYEXISTS" && attempt < 5 {
                continue
            }
        }
        preconditionFailure("the loop returns or throws")
    }
}

/// A small RFC 5322 message with CRLF line ends.
func imapTestMessage(_ subject: String, body: String = "Hello.") -> [UInt8] {
    Array("From: customer@example.test\r\nTo: support@example.test\r\nSubject: \(subject)\r\n\r\n\(body)\r\n".utf8)
}
