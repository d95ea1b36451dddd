import Foundation

extension SMTPClient {
    /// AUTH with the configured mechanism, or the best offered one (PLAIN, then LOGIN).
    func authenticate(
        on connection: SMTPConnection, _ credentials: SMTPConfiguration.Credentials, offered: Set<String>
    ) async throws {
        let usable = SMTPConfiguration.AuthMechanism.allCases.filter { offered.contains($0.rawValue) }
        let wanted = configuration.authMechanism.map { [$0] } ?? SMTPConfiguration.AuthMechanism.allCases
        guard let mechanism = wanted.first(where: usable.contains) else {
            let detail =
                offered.isEmpty
                ? "the server offers no AUTH (some offer it only after STARTTLS)"
                : "the server offers AUTH \(offered.sorted().joined(separator: " ")), the client needs "
                    + wanted.map(\.rawValue).joined(separator: " or ")
            throw SMTPError(.authenticationUnavailable, command: "AUTH", detail: detail)
        }
        let command = "AUTH \(mechanism.rawValue)"
        let timeout = configuration.commandTimeout
        switch mechanism {
        case .plain:
            // RFC 4616: authorization identity (empty), authentication identity, password, NUL-separated.
            let response = Self.base64("\u{0}\(credentials.username)\u{0}\(credentials.password)")
            try expect(
                [235], try await connection.exchange("AUTH PLAIN \(response)", command: command, timeout: timeout),
                command)
        case .login:
            try expect([334], try await connection.exchange("AUTH LOGIN", command: command, timeout: timeout), command)
            let user = Self.base64(credentials.username)
            try expect([334], try await connection.exchange(user, command: command, timeout: timeout), command)
            let password = Self.base64(credentials.password)
            try expect([235], try await connection.exchange(password, command: command, timeout: timeout), command)
        }
    }

    private static func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }
}
