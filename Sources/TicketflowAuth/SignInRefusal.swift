/// A sign-in refused before the password was checked: the account or the
/// client address is locked out for a while, or too many checks are already
/// queued. The HTTP edge answers 429 or 503 with `Retry-After`.
public struct SignInRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    /// Why the attempt was refused.
    public enum Code: Sendable, Equatable {
        /// Too many failures for this account or address; wait `retryAfter`.
        case throttled
        /// All password-check slots and the waiting room are taken.
        case busy
    }

    /// Why the attempt was refused.
    public var code: Code
    /// Whole seconds to wait before trying again (at least 1).
    public var retryAfter: Int

    /// A refusal; `retryAfter` is rounded up to whole seconds, at least 1.
    public init(_ code: Code, retryAfter: Double) {
        self.code = code
        self.retryAfter = max(1, Int(min(retryAfter, 86_400).rounded(.up)))
    }

    /// What to tell the person signing in.
    public var description: String {
        switch code {
        case .throttled: "Too many attempts; try again in \(retryAfter) s."
        case .busy: "Sign-in is busy; try again in \(retryAfter) s."
        }
    }
}
