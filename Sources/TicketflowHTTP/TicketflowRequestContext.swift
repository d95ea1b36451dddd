import Hummingbird
import Logging

/// Per-request state: Hummingbird's core storage plus the caller's identity,
/// which `AuthMiddleware` fills in and the role gates read.
public struct TicketflowRequestContext: RequestContext {
    /// Hummingbird's per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// Who is calling, nil for anonymous requests.
    public var identity: CallerIdentity?

    /// A context for a new request; anonymous until `AuthMiddleware` runs.
    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }
}
