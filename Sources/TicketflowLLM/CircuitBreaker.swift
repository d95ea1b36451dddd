import Foundation
import Synchronization

/// Stops calling an endpoint that keeps failing, so a dead LLM costs
/// nothing per ticket, then lets one probe through after a cooldown.
/// Hand-written: none of the packages we may use ships a circuit breaker.
public final class CircuitBreaker: Sendable {
    enum State: Equatable {
        case closed(failures: Int)
        case open(until: Date)
        case halfOpen
    }

    private let state = Mutex(State.closed(failures: 0))
    let threshold: Int
    let cooldown: Double

    public init(threshold: Int, cooldown: Double) {
        self.threshold = max(1, threshold)
        self.cooldown = cooldown
    }

    /// Whether a call may go out now. In half-open state only one probe passes.
    public func allowRequest(now: Date = Date()) -> Bool {
        state.withLock { state in
            switch state {
            case .closed: return true
            case .halfOpen: return false
            case .open(let until):
                guard now >= until else { return false }
                state = .halfOpen
                return true
            }
        }
    }

    public func recordSuccess() {
        state.withLock { $0 = .closed(failures: 0) }
    }

    public func recordFailure(now: Date = Date()) {
        state.withLock { state in
            switch state {
            case .closed(let failures) where failures + 1 < threshold:
                state = .closed(failures: failures + 1)
            case .closed, .halfOpen, .open:
                state = .open(until: now.addingTimeInterval(cooldown))
            }
        }
    }

    /// True while calls are being refused.
    public var isOpen: Bool {
        state.withLock { if case .open = $0 { return true } else { return false } }
    }
}
