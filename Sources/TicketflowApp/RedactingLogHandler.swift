import Logging
import TicketflowAnswering

/// A log handler that redacts personal data from every message and metadata
/// value before the wrapped handler writes it: the process-wide safety net
/// under the redaction each outbound path already does (an error description
/// may quote a customer's text). Installed where logging is bootstrapped.
public struct RedactingLogHandler: LogHandler {
    /// The handler that writes the redacted lines.
    public var wrapped: any LogHandler

    /// Wraps `handler`.
    public init(_ handler: any LogHandler) {
        wrapped = handler
    }

    /// Log level of the wrapped handler.
    public var logLevel: Logger.Level {
        get { wrapped.logLevel }
        set { wrapped.logLevel = newValue }
    }

    /// Metadata of the wrapped handler (redacted when written).
    public var metadata: Logger.Metadata {
        get { wrapped.metadata }
        set { wrapped.metadata = newValue }
    }

    /// Metadata provider of the wrapped handler.
    public var metadataProvider: Logger.MetadataProvider? {
        get { wrapped.metadataProvider }
        set { wrapped.metadataProvider = newValue }
    }

    /// One metadata value of the wrapped handler.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { wrapped[metadataKey: key] }
        set { wrapped[metadataKey: key] = newValue }
    }

    /// Redacts the message, the call's metadata and the handler's own metadata, then logs.
    public func log(event: LogEvent) {
        var event = event
        event.message = "\(LogRedaction.redact(event.message.description))"
        let own = wrapped.metadata.merging(metadataProvider?.get() ?? [:]) { _, new in new }
        var merged = own.merging(event.metadata ?? [:]) { _, new in new }
        if let error = event.error {
            // An error's description may quote the request that failed.
            merged["error"] = .string(String(describing: error))
            event.error = nil
        }
        event.metadata = merged.isEmpty ? nil : merged.mapValues(Self.redact)
        wrapped.log(event: event)
    }

    static func redact(_ value: Logger.Metadata.Value) -> Logger.Metadata.Value {
        switch value {
        case .string(let text): .string(LogRedaction.redact(text))
        case .stringConvertible(let convertible): .string(LogRedaction.redact(convertible.description))
        case .array(let values): .array(values.map(redact))
        case .dictionary(let values): .dictionary(values.mapValues(redact))
        }
    }
}
