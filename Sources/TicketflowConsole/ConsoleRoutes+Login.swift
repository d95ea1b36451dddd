import Foundation
import HTTPTypes
import Hummingbird
import Logging
import TicketflowAuth
import TicketflowHTTP

/// Sign-in. The form carries a one-off token that must match a cookie set
/// with the form (double submit), so another site cannot sign a browser in
/// to an account of its choosing.
extension ConsoleRoutes {
    static let loginCSRFCookie = "tf_login_csrf"

    func loginPage(
        _ request: Request, _ context: TicketflowRequestContext, status: HTTPResponse.Status = .ok, next: String? = nil,
        error: String? = nil, email: String = ""
    ) -> Response {
        let token = SecretToken.generate()
        let login = ConsolePages.Login(
            loginCSRF: token,
            next: next ?? request.formQuery["next"].map(String.init).flatMap(Self.localPath)
                ?? "/console/queue",
            email: email, error: error)
        var headers = HTTPFields()
        headers[.setCookie] =
            "\(Self.loginCSRFCookie)=\(token); Path=/console; Max-Age=3600; HttpOnly; SameSite=Strict"
            + (configuration.auth.secureCookies ? "; Secure" : "")
        return renderer.page("login", frame(title: "Sign in", viewer: nil), login, status: status, headers: headers)
    }

    func logIn(_ request: Request, _ context: TicketflowRequestContext) async -> Response {
        var form = FormBody(parsing: "")
        do {
            form = try await FormBody.read(request, maximumBytes: 64 * 1024)
            let expected = request.cookies[Self.loginCSRFCookie]?.value ?? ""
            guard !expected.isEmpty, SecretToken.constantTimeEquals(form["_csrf"] ?? "", expected) else {
                return loginPage(
                    request, context, status: .forbidden, next: form["next"],
                    error: "The sign-in form expired. Please try again.", email: form["email"] ?? "")
            }
            let address = ClientAddress.key(
                request, context, trustForwardedFor: accounts.signInGuard.settings.trustForwardedFor)
            guard
                let signIn = try await accounts.logIn(
                    email: form["email"] ?? "", password: form["password"] ?? "", from: address)
            else {
                return loginPage(
                    request, context, status: .unauthorized, next: form["next"],
                    error: "Wrong email or password.", email: form["email"] ?? "")
            }
            var headers = HTTPFields()
            headers.append(
                HTTPField(
                    name: .setCookie,
                    value: SessionCookie.setting(
                        signIn.cookieToken, secure: configuration.auth.secureCookies,
                        maxAge: Int(AccountService.sessionLifetime))))
            headers.append(
                HTTPField(
                    name: .setCookie,
                    value: "\(Self.loginCSRFCookie)=; Path=/console; Max-Age=0; HttpOnly; SameSite=Strict"))
            return ConsoleRenderer.redirect(form["next"].flatMap(Self.localPath) ?? "/console/queue", headers: headers)
        } catch let refusal as SignInRefusal {
            // Locked out or busy: answered before any password check, with
            // the wait in Retry-After and in words on the page.
            await accounts.signInGuard.holdBack(refusal)
            let status: HTTPResponse.Status = refusal.code == .busy ? .serviceUnavailable : .tooManyRequests
            var response = loginPage(
                request, context, status: status, next: form["next"], error: refusal.description,
                email: form["email"] ?? "")
            response.headers[.retryAfter] = String(refusal.retryAfter)
            return response
        } catch {
            let problem = ProblemMiddleware<TicketflowRequestContext>.problem(for: error, request: request)
            if problem.status.code < 500 {
                // Bad input, such as a body over the limit (413): the client's
                // mistake, not worth an error log.
                return problemPage(
                    problem.status, problem.title, problem.detail, viewer: nil,
                    back: ("/console/login", "Sign in"))
            }
            context.logger.error("sign-in failed", metadata: ["error": "\(String(reflecting: error))"])
            return problemPage(
                .serviceUnavailable, "Sign-in unavailable", "Signing in failed; try again in a moment.",
                viewer: nil, back: ("/console/login", "Sign in"))
        }
    }
}
