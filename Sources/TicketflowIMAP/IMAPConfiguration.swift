/// Where and how to reach an IMAP server.
public struct IMAPConfiguration: Sendable {
    /// How the connection is protected.
    public enum Security: Sendable, Hashable {
        /// Implicit TLS from the first byte (port 993).
        case tls
        /// Plain TCP upgraded with STARTTLS before logging in (port 143); fails if the server does not offer it.
        case startTLS
        /// No encryption at all. Only for loopback tests: the password crosses the network in clear.
        case plain
    }

    /// Which server certificates are trusted.
    public enum Trust: Sendable, Hashable {
        /// The system's root certificates (a public mail provider).
        case systemRoots
        /// The CA or self-signed certificate(s) in this PEM file, host name checked.
        case certificateFile(String)
        /// Any certificate, unchecked. Only for tests against a throwaway server.
        case noVerification
    }

    /// The server's host name or IP address.
    public var host: String
    /// The server's port (993 for `.tls`, 143 otherwise, by convention).
    public var port: Int
    /// How the connection is protected.
    public var security: Security
    /// Which certificates are trusted.
    public var trust: Trust
    /// The name the certificate must carry (and the TLS SNI); defaults to `host`. An IP address is checked
    /// against the certificate's IP entries and sent without SNI.
    public var serverName: String?
    /// How long opening the TCP connection may take.
    public var connectTimeout: Duration
    /// How long any one response may take (IDLE's wait has its own timeout).
    public var responseTimeout: Duration
    /// The largest single response accepted (one fetched message with its envelope), to bound memory.
    public var maxResponseBytes: Int

    /// Makes a configuration; TLS with the system's roots unless told otherwise.
    public init(
        host: String, port: Int, security: Security = .tls, trust: Trust = .systemRoots, serverName: String? = nil,
        connectTimeout: Duration = .seconds(10), responseTimeout: Duration = .seconds(60),
        maxResponseBytes: Int = 64 << 20
    ) {
        self.host = host
        self.port = port
        self.security = security
        self.trust = trust
        self.serverName = serverName
        self.connectTimeout = connectTimeout
        self.responseTimeout = responseTimeout
        self.maxResponseBytes = maxResponseBytes
    }
}
