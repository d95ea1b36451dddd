// An IMAP4rev1 client (RFC 3501) for a helpdesk poller: connect, log in, select, fetch new mail by UID, IDLE.
// Written on SwiftNIO by hand because no Swift IMAP library is among the packages this project may use.
// One command runs at a time; tagged completions are matched to their command, untagged data is collected
// for it, NO and BAD become IMAPError with the server's text.

import NIOCore
import NIOPosix

/// A connection to one IMAP server. Commands run one at a time; call `logout()` or `close()` when done.
public actor IMAPClient {
    /// The settings it was opened with.
    public nonisolated let configuration: IMAPConfiguration
    /// The server's capabilities, upper-cased (`IMAP4REV1`, `IDLE`, `AUTH=PLAIN`), as last announced.
    public private(set) var capabilities: Set<String> = []
    /// The greeting's text.
    public private(set) var greeting = ""

    let connection: IMAPConnection
    private var nextTag = 1
    private var busy = false
    /// Set once the connection cannot be trusted any more (timeout, loss, protocol error); later calls fail fast.
    private var broken: IMAPError?

    private init(configuration: IMAPConfiguration, connection: IMAPConnection) {
        self.configuration = configuration
        self.connection = connection
    }

    deinit {
        // A client dropped without logout() or close() must not leave its socket open until the server's timeout.
        connection.closeSoon()
    }

    /// Connects, reads the greeting, upgrades with STARTTLS when configured, and learns the capabilities.
    public static func connect(
        _ configuration: IMAPConfiguration, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> IMAPClient {
        let connection = try await IMAPConnection.open(configuration, group: group)
        let client = IMAPClient(configuration: configuration, connection: connection)
        do {
            try await client.start()
        } catch {
            await connection.close()
            throw error
        }
        return client
    }

    private func start() async throws {
        let greeting: IMAPResponse
        do {
            greeting = try await connection.read()
        } catch let error as IMAPError where error.code == .timeout {
            throw IMAPError(.timeout, text: "no greeting from the server within \(configuration.responseTimeout)")
        }
        guard case .untagged(.status(let status, let code, let text)) = greeting else {
            throw IMAPError(.protocolViolation, text: "the server did not start with a greeting: \(greeting)")
        }
        self.greeting = text
        if status == .bye { throw IMAPError(.bye, responseCode: code, text: text) }
        if case .capability(let list)? = code { learn(list) }
        if configuration.security == .startTLS {
            if capabilities.isEmpty { try await capability() }
            guard capabilities.contains("STARTTLS") else {
                throw IMAPError(.unsupported, command: "STARTTLS", text: "the server does not offer STARTTLS")
            }
            try await run(IMAPCommand("STARTTLS"))
            try await connection.startTLS()
            capabilities = []  // RFC 3501 section 6.2.1: what was said before TLS must be forgotten
        }
        if capabilities.isEmpty { try await capability() }
    }

    /// Asks the server for its capabilities (`CAPABILITY`) and returns them.
    @discardableResult
    public func capability() async throws -> Set<String> {
        try await run(IMAPCommand("CAPABILITY"))
        return capabilities
    }

    /// Does nothing on the server, which may report changes (new mail, expunges) meanwhile: returned.
    @discardableResult
    public func noop() async throws -> [IMAPUntaggedResponse] {
        try await run(IMAPCommand("NOOP")).untagged
    }

    /// Ends the session politely (`LOGOUT`) and closes the connection.
    public func logout() async throws {
        defer { broken = broken ?? IMAPError(.connectionClosed, text: "logged out") }
        do {
            try await run(IMAPCommand("LOGOUT"))
        } catch let error as IMAPError where error.code == .connectionClosed || error.code == .bye {
            // Some servers close right after their BYE, before the tagged OK.
        }
        await connection.close()
    }

    /// Closes the connection without logging out.
    public func close() async {
        broken = broken ?? IMAPError(.connectionClosed, text: "the client closed the connection")
        await connection.close()
    }

    /// Runs `command` to completion and returns its untagged data and OK completion; NO and BAD throw.
    @discardableResult
    public func run(
        _ command: IMAPCommand
    ) async throws -> (
        untagged: [IMAPUntaggedResponse], completion: IMAPTaggedResponse
    ) {
        try await exchange(command.encoded(tag: takeTag()), summary: command.summary)
    }

    func takeTag() -> String {
        defer { nextTag += 1 }
        return "T\(nextTag)"
    }

    /// Sends `pieces` (each after the server's continuation request), then reads to the tagged completion.
    func exchange(
        _ pieces: [[UInt8]], summary: String
    ) async throws -> (
        untagged: [IMAPUntaggedResponse], completion: IMAPTaggedResponse
    ) {
        try beginCommand()
        defer { endCommand() }
        let tag = String(decoding: pieces[0].prefix { $0 != UInt8(ascii: " ") }, as: UTF8.self)
        var untagged: [IMAPUntaggedResponse] = []
        do {
            for (index, piece) in pieces.enumerated() {
                try await connection.write(piece)
                let last = index == pieces.count - 1
                reading: while true {
                    switch try await connection.read() {
                    case .untagged(let response):
                        observe(response)
                        untagged.append(response)
                    case .continuation(let text):
                        guard !last else {
                            throw IMAPError(
                                .protocolViolation, command: summary, text: "unexpected continuation: \(text)")
                        }
                        break reading
                    case .tagged(let completion) where completion.tag == tag:
                        try check(completion, summary: summary)
                        return (untagged, completion)
                    case .tagged:
                        continue  // another tag is not this command's completion: ignored
                    }
                }
            }
            throw IMAPError(.protocolViolation, command: summary, text: "command ended without completion")
        } catch let error as IMAPError where error.code == .no || error.code == .bad {
            throw error
        } catch {
            throw await breakConnection(error, summary: summary, untagged: untagged)
        }
    }

    func beginCommand() throws {
        if let broken { throw broken }
        guard !busy else { throw IMAPError(.busy, text: "another command is still running on this connection") }
        busy = true
    }

    func endCommand() {
        busy = false
    }

    /// Marks the connection unusable after `error` and closes it. A BYE the server sent before it closed (read
    /// or still queued) explains the loss better than "connection closed".
    func breakConnection(_ error: any Error, summary: String, untagged: [IMAPUntaggedResponse]) async -> any Error {
        var failure = (error as? IMAPError) ?? IMAPError(.connectionClosed, text: "\(error)")
        if error is CancellationError {
            failure = IMAPError(.connectionClosed, text: "cancelled mid-command; connection closed")
        }
        if failure.code == .connectionClosed {
            var seen = untagged
            for case .untagged(let response) in await connection.unread() { seen.append(response) }
            for case .status(.bye, let code, let text) in seen {
                failure = IMAPError(.bye, responseCode: code, text: text)
            }
        }
        failure.command = failure.command ?? summary
        broken = failure
        await connection.close()
        return error is CancellationError ? error : failure
    }

    /// Throws for NO and BAD; learns capabilities an OK carries.
    private func check(_ completion: IMAPTaggedResponse, summary: String) throws(IMAPError) {
        switch completion.status {
        case .ok, .preauth, .bye:
            if case .capability(let list)? = completion.code { learn(list) }
        case .no:
            throw IMAPError(.no, command: summary, responseCode: completion.code, text: completion.text)
        case .bad:
            throw IMAPError(.bad, command: summary, responseCode: completion.code, text: completion.text)
        }
    }

    /// Keeps capabilities current from untagged data.
    func observe(_ response: IMAPUntaggedResponse) {
        switch response {
        case .capability(let list): learn(list)
        case .status(_, .capability(let list)?, _): learn(list)
        default: break
        }
    }

    private func learn(_ list: [String]) {
        capabilities = Set(list.map { $0.uppercased() })
    }
}
