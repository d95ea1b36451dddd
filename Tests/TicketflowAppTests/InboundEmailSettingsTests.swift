import Foundation
import Testing
import TicketflowApp
import TicketflowCore
import TicketflowIMAP

/// `imap_url` and friends: scheme decides TLS, the path the folder, credentials are decoded and never shown
/// back, and every refusal names the setting.
@Suite struct InboundEmailSettingsTests {
    static func configuration(
        _ url: String, from: String? = "Acme <support@acme.example>"
    ) throws
        -> AppConfiguration
    {
        try AppConfiguration.load(
            environment: ["TICKETFLOW_IMAP_URL": url, "TICKETFLOW_EMAIL_POLL_SECONDS": "45"]
                .merging(from.map { ["TICKETFLOW_EMAIL_FROM": $0] } ?? [:]) { $1 })
    }

    @Test func urlsAreReadWithoutShowingThePassword() throws {
        let tls = try #require(
            try Self.configuration("imaps://support%40acme.example:p%3Ass@imap.acme.example").inboundEmail())
        #expect(tls.imap.security == .tls && tls.imap.port == 993 && tls.folder == "INBOX")
        #expect(tls.username == "support@acme.example" && tls.password == "p:ss" && tls.pollSeconds == 45)
        #expect(tls.address.value == "support@acme.example")
        #expect(!tls.description.contains("p:ss") && !tls.description.contains("p%3Ass"))
        #expect(tls.key == "support@acme.example@imap.acme.example:993/INBOX")

        let starttls = try #require(
            try Self.configuration("imap://u:pw@mail.example:1143/Support%20Desk").inboundEmail())
        #expect(starttls.imap.security == .startTLS && starttls.imap.port == 1143 && starttls.folder == "Support Desk")
        let plain = try #require(try Self.configuration("imap+plain://u:pw@127.0.0.1/").inboundEmail())
        #expect(plain.imap.security == .plain && plain.imap.port == 143)
        #expect(try AppConfiguration.load(environment: [:]).inboundEmail() == nil)
    }

    @Test func refusalsNameTheSetting() throws {
        func refusal(_ url: String, from: String? = "support@acme.example") -> String {
            do {
                _ = try Self.configuration(url, from: from).inboundEmail()
                return "accepted"
            } catch {
                return "\(error)"
            }
        }
        #expect(refusal("imap+plain://u:pw@mail.example").contains("imap_url"), "clear text off loopback")
        #expect(refusal("pop3://u:pw@mail.example").contains("imap_url"))
        #expect(refusal("imaps://mail.example").contains("imap_url"), "no credentials")
        #expect(refusal("imaps://u:pw@mail.example", from: nil).contains("email_from"))
        #expect(!refusal("imaps://u:secret-pw@mail.example", from: nil).contains("secret-pw"))
        var configuration = try Self.configuration("imaps://u:pw@mail.example")
        configuration.emailPollSeconds = 0
        #expect(throws: (any Error).self) { try configuration.validate() }
    }
}
