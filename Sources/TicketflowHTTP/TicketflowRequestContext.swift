import Hummingbird
import Logging
import NIOCore

/// Per-request state: Hummingbird's core storage plus the caller's identity,
/// which `AuthMiddleware` fills in and the role gates read.
public struct TicketflowRequestContext: RequestContext, RemoteAddressRequestContext {
    /// Hummingbird's per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// Who is calling, nil for anonymous requests.
    public var identity: CallerIdentity?
    /// The peer's socket address (sign-in throttling keys on it); nil in router tests.
    public let remoteAddress: SocketAddress?
    /// True when the request sent an `Authorization` header that matched no
    /// credential: it is refused even where anonymous callers are let in.
    public var sentUnknownCredential = false

    /// A context for a new request; anonymous until `AuthMiddleware` runs.
    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}
