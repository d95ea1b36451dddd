import TicketflowCore

/// Settings of authentication at the HTTP edge.
public struct AuthConfiguration: Sendable, Equatable {
    /// Name of the console session cookie.
    public static let sessionCookie = "tf_session"

    /// Adds `Secure` to the session cookie (set it whenever the console is served over HTTPS).
    public var secureCookies: Bool
    /// A shared intake credential: a bearer token that may open tickets and add
    /// customer messages on `intakeTokenChannel`, and nothing else.
    public var intakeToken: String?
    /// The channel the intake token acts on.
    public var intakeTokenChannel: Channel
    /// Whether callers without any credential may open tickets and add customer
    /// messages. The composition root decides it from the bind address and settings.
    public var anonymousIntake: Bool
    /// When set, `/metrics` needs `Authorization: Bearer` with this token (or an agent's credential).
    public var metricsToken: String?

    /// Creates the settings. Without an intake token, anonymous intake is on
    /// (the composition root turns it off for non-loopback binds).
    public init(
        secureCookies: Bool = false, intakeToken: String? = nil, intakeTokenChannel: Channel = .api,
        anonymousIntake: Bool? = nil, metricsToken: String? = nil
    ) {
        self.secureCookies = secureCookies
        self.intakeToken = intakeToken
        self.intakeTokenChannel = intakeTokenChannel
        self.anonymousIntake = anonymousIntake ?? (intakeToken == nil)
        self.metricsToken = metricsToken
    }
}
