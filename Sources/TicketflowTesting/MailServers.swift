import Foundation

/// The loopback Dovecot and Postfix the mail tests run against (scripts/mail-servers.sh).
///
/// Addresses come from the `TICKETFLOW_TEST_*` variables the script prints; when they are unset, the script is run
/// once per test process (`start` is idempotent and serialised by a lock), so `swift test` alone works.
public struct MailServers: Sendable {
    /// Every server listens on this address only.
    public let host = "127.0.0.1"
    /// IMAP, plain with STARTTLS offered.
    public let imapPort: Int
    /// IMAP over implicit TLS.
    public let imapsPort: Int
    /// SMTP submission: STARTTLS required, then AUTH PLAIN or LOGIN.
    public let smtpPort: Int
    /// SMTP without authentication, accepting mail for the local users only.
    public let smtpRelayPort: Int
    /// SMTP over implicit TLS (port 465-style), AUTH PLAIN or LOGIN.
    public let smtpsPort: Int
    /// The servers' throwaway directory (config, certificate, Maildirs, logs).
    public let directory: URL

    /// The password of every user.
    public static let password = "secret"
    /// The mail users; Postfix delivers to them and Dovecot serves their INBOX.
    public static let users = ["support@example.test", "customer@example.test", "agent@example.test"]

    /// The servers' self-signed certificate (PEM), to trust in tests.
    public var certificatePath: String { directory.appendingPathComponent("tls/cert.pem").path }

    /// The Maildir Postfix delivers `user`'s mail into and Dovecot serves as INBOX.
    public func maildir(of user: String) -> URL {
        let parts = user.split(separator: "@", maxSplits: 1).map(String.init)
        return directory.appendingPathComponent("mail/\(parts[1])/\(parts[0])/Maildir")
    }

    /// The running servers, started on first use.
    public static func running() throws -> MailServers { try shared.get() }

    private static let shared: Result<MailServers, MailServersError> = {
        if let servers = MailServers(ProcessInfo.processInfo.environment) { return .success(servers) }
        do {
            return .success(try startServers())
        } catch let error as MailServersError {
            return .failure(error)
        } catch {
            return .failure(.failed("\(error)"))
        }
    }()

    /// Reads the variables, with the script's default ports for any that are unset.
    private init?(_ variables: [String: String]) {
        func port(_ name: String, _ fallback: Int) -> Int { variables[name].flatMap { Int($0) } ?? fallback }
        guard let directory = variables["TICKETFLOW_TEST_MAIL_DIR"] else { return nil }
        imapPort = port("TICKETFLOW_TEST_IMAP_PORT", 51143)
        imapsPort = port("TICKETFLOW_TEST_IMAPS_PORT", 51993)
        smtpPort = port("TICKETFLOW_TEST_SMTP_PORT", 51587)
        smtpRelayPort = port("TICKETFLOW_TEST_SMTP_RELAY_PORT", 51025)
        smtpsPort = port("TICKETFLOW_TEST_SMTPS_PORT", 51465)
        self.directory = URL(fileURLWithPath: directory)
    }

    /// Runs `scripts/mail-servers.sh start` and reads the `export NAME=VALUE` lines it prints.
    private static func startServers() throws -> MailServers {
        let script = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/mail-servers.sh")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [script.path, "start"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw MailServersError.failed("\(script.path) start exited with \(process.terminationStatus)")
        }
        var variables: [String: String] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            guard line.hasPrefix("export "), let equals = line.firstIndex(of: "=") else { continue }
            let name = line[line.index(line.startIndex, offsetBy: 7)..<equals]
            variables[String(name)] = String(line[line.index(after: equals)...])
        }
        guard let servers = MailServers(variables) else {
            throw MailServersError.failed("\(script.path) start printed no TICKETFLOW_TEST_MAIL_DIR")
        }
        return servers
    }
}

/// Why the mail servers could not be started.
public enum MailServersError: Error, CustomStringConvertible {
    case failed(String)

    public var description: String {
        switch self {
        case .failed(let reason): "mail servers: \(reason)"
        }
    }
}
