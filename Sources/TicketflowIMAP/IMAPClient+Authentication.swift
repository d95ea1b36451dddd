// Logging in: LOGIN with quoted strings or literals, AUTHENTICATE PLAIN (RFC 4616) with the initial response
// inline when the server offers SASL-IR (RFC 4959), else after its continuation request. Passwords never
// appear in an error or a command summary.

import Foundation

extension IMAPClient {
    /// Logs in with the best mechanism offered: AUTHENTICATE PLAIN when advertised, else LOGIN.
    public func authenticate(username: String, password: String) async throws {
        if capabilities.contains("AUTH=PLAIN") {
            try await authenticatePlain(username: username, password: password)
        } else {
            try await login(username: username, password: password)
        }
    }

    /// Logs in with `LOGIN user password`.
    public func login(username: String, password: String) async throws {
        let summary = "LOGIN \(username)"
        guard !capabilities.contains("LOGINDISABLED") else {
            throw IMAPError(.unsupported, command: summary, text: "the server disables LOGIN (LOGINDISABLED)")
        }
        let command = IMAPCommand("LOGIN", [.string(username), .string(password)], summary: summary)
        try await completeLogin(try await run(command))
    }

    /// Logs in with `AUTHENTICATE PLAIN`.
    public func authenticatePlain(username: String, password: String) async throws {
        try await authenticatePlain(username: username, password: password, inline: capabilities.contains("SASL-IR"))
    }

    /// AUTHENTICATE PLAIN with the credentials on the command line (`inline`, SASL-IR) or after the server's `+`.
    func authenticatePlain(username: String, password: String, inline: Bool) async throws {
        let summary = "AUTHENTICATE PLAIN \(username)"
        let credentials = Data(([0] + Array(username.utf8) + [0] + Array(password.utf8))).base64EncodedString()
        let tag = takeTag()
        let pieces: [[UInt8]]
        if inline {
            pieces = [Array("\(tag) AUTHENTICATE PLAIN \(credentials)\r\n".utf8)]
        } else {
            pieces = [Array("\(tag) AUTHENTICATE PLAIN\r\n".utf8), Array("\(credentials)\r\n".utf8)]
        }
        try await completeLogin(try await exchange(pieces, summary: summary))
    }

    /// Capabilities change after login; ask again unless the server already said.
    private func completeLogin(
        _ result: (untagged: [IMAPUntaggedResponse], completion: IMAPTaggedResponse)
    ) async throws {
        if case .capability? = result.completion.code { return }
        let announced = result.untagged.contains {
            if case .capability = $0 { return true }
            if case .status(_, .capability?, _) = $0 { return true }
            return false
        }
        if !announced { try await capability() }
    }
}
