import Hummingbird
import Logging

/// Per-request state. Its own type (not BasicRequestContext) so that auth can
/// add the caller's identity later without touching every route.
public struct TicketflowRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }
}
