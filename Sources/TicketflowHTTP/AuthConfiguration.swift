/// Settings of authentication at the HTTP edge.
public struct AuthConfiguration: Sendable, Equatable {
    /// Name of the console session cookie.
    public static let sessionCookie = "tf_session"

    /// Adds `Secure` to the session cookie (set it whenever the console is served over HTTPS).
    public var secureCookies: Bool
    /// When set, the intake API (`/v1/tickets`) needs a bearer token: this
    /// one, a stored API token or a signed-in user. Nil keeps intake open.
    public var intakeToken: String?

    /// Creates the settings; the defaults keep intake open and cookies usable over plain loopback HTTP.
    public init(secureCookies: Bool = false, intakeToken: String? = nil) {
        self.secureCookies = secureCookies
        self.intakeToken = intakeToken
    }
}
