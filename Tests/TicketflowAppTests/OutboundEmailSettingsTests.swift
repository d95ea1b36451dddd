import Testing
import TicketflowApp
import TicketflowCore
import TicketflowSMTP

/// `smtp_url` and `email_from` as people write them.
@Suite struct OutboundEmailSettingsTests {
    @Test func schemesPortsAndThePlainRelay() throws {
        let starttls = try OutboundEmailSettings(
            smtpURL: "smtp://u:p%40ss@smtp.acme.example", from: "support@acme.example")
        #expect(starttls.smtp.security == .startTLS && starttls.smtp.port == 587)
        #expect(starttls.smtp.credentials?.password == "p@ss")
        let tls = try OutboundEmailSettings(smtpURL: "smtps://u:p@smtp.acme.example", from: "support@acme.example")
        #expect(tls.smtp.security == .tls && tls.smtp.port == 465)
        // A relay that takes no login may be a container beside this one.
        let relay = try OutboundEmailSettings(smtpURL: "smtp+plain://relay.internal", from: "support@acme.example")
        #expect(relay.smtp.security == .none && relay.smtp.port == 25 && relay.smtp.credentials == nil)
        let local = try OutboundEmailSettings(smtpURL: "smtp+plain://u:p@127.0.0.1:2525", from: "support@acme.example")
        #expect(local.smtp.credentials?.username == "u")
    }

    /// Passed before: the password would have crossed the network in clear.
    @Test func aPasswordWithoutTLSStaysOnLoopback() {
        let error = #expect(throws: ConfigurationError.self) {
            try OutboundEmailSettings(smtpURL: "smtp+plain://u:secret-pw@10.0.0.5:25", from: "support@acme.example")
        }
        #expect(error?.description.hasPrefix("smtp_url: smtp+plain:// with a user and password") == true)
        #expect(error?.description.contains("secret-pw") == false)
    }
}
