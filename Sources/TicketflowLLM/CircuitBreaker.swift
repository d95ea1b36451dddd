import Foundation
import Logging
import Synchronization

/// Stops calling an endpoint that keeps failing, so a dead LLM costs
/// nothing per ticket, then lets one probe through after a cooldown.
/// Hand-written: none of the packages we may use ships a circuit breaker.
/// Opening and closing are logged: they are what an operator needs to see
/// during an outage, one line each rather than one per ticket.
public final class CircuitBreaker: Sendable {
    enum State: Equatable {
        case closed(failures: Int)
        case open(until: Date)
        case halfOpen
    }

    private let state = Mutex(State.closed(failures: 0))
    let threshold: Int
    let cooldown: Double
    let logger: Logger

    /// A breaker that opens after `threshold` consecutive failures for `cooldown` seconds.
    public init(threshold: Int, cooldown: Double, logger: Logger = CircuitBreaker.silentLogger) {
        self.threshold = max(1, threshold)
        self.cooldown = cooldown
        self.logger = logger
    }

    /// A logger that drops everything, for breakers nobody watches.
    public static var silentLogger: Logger {
        Logger(label: "ticketflow.llm", factory: { _ in SwiftLogNoOpLogHandler() })
    }

    /// Whether a call may go out now. In half-open state only one probe passes.
    public func allowRequest(now: Date = Date()) -> Bool {
        let (allowed, probing) = state.withLock { state -> (Bool, Bool) in
            switch state {
            case .closed: return (true, false)
            case .halfOpen: return (false, false)
            case .open(let until):
                guard now >= until else { return (false, false) }
                state = .halfOpen
                return (true, true)
            }
        }
        if probing { logger.info("LLM circuit breaker half-open: one probe call goes out") }
        return allowed
    }

    /// The endpoint answered: the breaker closes (logged when it was open).
    public func recordSuccess() {
        let wasOpen = state.withLock { state -> Bool in
            defer { state = .closed(failures: 0) }
            if case .closed = state { return false }
            return true
        }
        if wasOpen { logger.notice("LLM circuit breaker closed: the endpoint answers again; calls resume") }
    }

    /// A call failed at the endpoint; the breaker opens at the threshold (logged).
    public func recordFailure(now: Date = Date()) {
        let opened = state.withLock { state -> (failures: Int, probe: Bool)? in
            switch state {
            case .closed(let failures) where failures + 1 < threshold:
                state = .closed(failures: failures + 1)
                return nil
            case .closed(let failures):
                state = .open(until: now.addingTimeInterval(cooldown))
                return (failures + 1, false)
            case .halfOpen:
                state = .open(until: now.addingTimeInterval(cooldown))
                return (1, true)
            case .open:
                // A call that was already in flight when it opened: it stays open, no new line.
                state = .open(until: now.addingTimeInterval(cooldown))
                return nil
            }
        }
        if let opened {
            logger.warning(
                opened.probe
                    ? "LLM circuit breaker opened again: the probe call failed; calls are paused"
                    : "LLM circuit breaker opened: the endpoint keeps failing; calls are paused",
                metadata: ["consecutive_failures": "\(opened.failures)", "cooldown_seconds": "\(cooldown)"])
        }
    }

    /// True while calls are being refused.
    public var isOpen: Bool {
        state.withLock { if case .open = $0 { return true } else { return false } }
    }
}
