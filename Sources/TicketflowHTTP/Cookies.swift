import Hummingbird

/// Reading and writing the session cookie. Hummingbird parses cookies, but
/// the attributes that matter here (HttpOnly, SameSite=Strict, Secure) are
/// spelled out so a reviewer sees them in one place.
public enum SessionCookie {
    /// The session token sent with the request, if any.
    public static func token(in request: Request) -> String? {
        guard let value = request.cookies[AuthConfiguration.sessionCookie]?.value, !value.isEmpty else { return nil }
        return value
    }

    /// `Set-Cookie` value that stores `token` for the browser session.
    public static func setting(_ token: String, secure: Bool, maxAge: Int) -> String {
        "\(AuthConfiguration.sessionCookie)=\(token); Path=/; Max-Age=\(maxAge); HttpOnly; SameSite=Strict"
            + (secure ? "; Secure" : "")
    }

    /// `Set-Cookie` value that deletes the session cookie.
    public static func clearing(secure: Bool) -> String {
        "\(AuthConfiguration.sessionCookie)=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
    }
}
