/// A request the rules refuse: the ticket is closed, someone else holds it,
/// the last admin would go, an idempotency key was reused. Unlike
/// `StoreError`, nothing failed in storage; the edge maps both to the same
/// statuses (404, 409) but logs and hints differ.
public struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of refusal, for the status at the edge.
    public enum Code: String, Sendable {
        /// The thing the rule needs does not exist (404).
        case notFound = "not_found"
        /// The request contradicts the current state (409).
        case conflict
    }

    /// The kind of refusal.
    public var code: Code
    /// What was refused and why, safe to show the caller.
    public var message: String

    /// Creates a refusal.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}

/// An error a store reports on purpose (a refusal or its own `StoreError`),
/// as opposed to a driver failure: store adapters pass these through as they
/// are instead of wrapping them as "database write failed", and the health
/// recorder does not count them as failed writes.
public protocol StoreAnswer: Error {}

extension StoreError: StoreAnswer {}
extension Refusal: StoreAnswer {}
