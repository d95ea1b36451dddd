import Logging
import Synchronization

/// Every log line a logger wrote, metadata included, so tests can assert
/// what reached the logs (e.g. that no PII did).
public final class CapturedLogs: Sendable {
    private let lines = Mutex<[String]>([])

    public init() {}

    /// A logger at `level` that records into this capture.
    public func logger(level: Logger.Level = .trace) -> Logger {
        var logger = Logger(label: "ticketflow-test-capture") { _ in Handler(capture: self) }
        logger.logLevel = level
        return logger
    }

    /// Everything written so far, one string per log call.
    public var all: [String] { lines.withLock { $0 } }

    func append(_ line: String) { lines.withLock { $0.append(line) } }

    struct Handler: LogHandler {
        let capture: CapturedLogs
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
            capture.append("\(event.level) \(event.message) \(merged)")
        }
    }
}
