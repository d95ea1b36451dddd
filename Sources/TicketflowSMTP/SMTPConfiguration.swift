/// Where and how an `SMTPClient` submits mail.
public struct SMTPConfiguration: Sendable {
    /// How the connection is protected.
    public enum Security: Sendable, Equatable {
        /// Plain text throughout (a loopback relay, or tests).
        case none
        /// Plain connect, then STARTTLS; fails when the server does not offer it (port 587).
        case startTLS
        /// Plain connect, then STARTTLS when the server offers it, plain text otherwise (port 25).
        case startTLSIfAvailable
        /// TLS from the first byte (port 465).
        case tls
    }

    /// Which certificates the client accepts from the server.
    public enum TLSTrust: Sendable, Equatable {
        /// The system's root certificates, with host name checks.
        case systemRoots
        /// The PEM certificates in this file (a private CA or a self-signed server), with host name checks.
        case certificateFile(String)
        /// Any certificate, unchecked: only for tests against a throwaway server.
        case insecureNoVerification
    }

    /// An account on the server, for SMTP AUTH.
    public struct Credentials: Sendable {
        /// The account name, usually an email address.
        public var username: String
        /// The password; never logged and never part of an error text.
        public var password: String

        /// An account name and its password.
        public init(username: String, password: String) {
            self.username = username
            self.password = password
        }
    }

    /// The SASL mechanisms the client can use.
    public enum AuthMechanism: String, Sendable, CaseIterable {
        /// RFC 4616: the name and password in one base64 initial response.
        case plain = "PLAIN"
        /// The older two-step exchange some servers still require.
        case login = "LOGIN"
    }

    /// The server's host name or IP address.
    public var host: String
    /// The server's port: 587 for submission, 465 for implicit TLS, 25 for relays.
    public var port: Int
    /// How the connection is protected.
    public var security: Security
    /// Which server certificates are accepted when TLS is used.
    public var trust: TLSTrust
    /// The account to authenticate as; nil submits without AUTH.
    public var credentials: Credentials?
    /// The mechanism to use; nil picks PLAIN, else LOGIN, among those the server offers.
    public var authMechanism: AuthMechanism?
    /// The name the client gives in EHLO/HELO.
    public var heloName: String
    /// How long a TCP connect (and an implicit TLS handshake's first reply) may take.
    public var connectTimeout: Duration
    /// How long the server may take to answer one command.
    public var commandTimeout: Duration
    /// How long the server may take to accept the message after its last line (it may scan it first).
    public var dataTimeout: Duration

    /// A configuration; the timeouts are shorter than RFC 5321's minutes because a caller retries a failed send.
    public init(
        host: String, port: Int, security: Security, trust: TLSTrust = .systemRoots,
        credentials: Credentials? = nil, authMechanism: AuthMechanism? = nil, heloName: String = "localhost",
        connectTimeout: Duration = .seconds(10), commandTimeout: Duration = .seconds(30),
        dataTimeout: Duration = .seconds(120)
    ) {
        self.host = host
        self.port = port
        self.security = security
        self.trust = trust
        self.credentials = credentials
        self.authMechanism = authMechanism
        self.heloName = heloName
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
        self.dataTimeout = dataTimeout
    }
}
