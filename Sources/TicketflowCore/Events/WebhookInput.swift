import Foundation

/// What an admin may subscribe, checked the same way on every door (the API
/// and the console): an absolute http or https receiver URL, and event type
/// names that exist.
public enum WebhookInput {
    /// `text` when it is an absolute http or https URL with a host.
    public static func url(_ text: String) throws(WebhookInputError) -> String {
        guard text.isAbsoluteWebURL else {
            throw WebhookInputError(.invalidURL, "url must be an absolute http or https URL")
        }
        return text
    }

    /// The types `names` name, each once, in the order given; empty means every type.
    public static func eventTypes(_ names: [String]) throws(WebhookInputError) -> [IntegrationEventType] {
        var types: [IntegrationEventType] = []
        for name in names {
            guard let type = IntegrationEventType(rawValue: name) else {
                let known = IntegrationEventType.allCases.map(\.rawValue).joined(separator: ", ")
                throw WebhookInputError(.unknownEventType, "'\(name)' is not an event type; known: \(known)")
            }
            if !types.contains(type) { types.append(type) }
        }
        return types
    }
}

/// Why a subscription request was refused (a 400 at the HTTP edge).
public struct WebhookInputError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Which rule the input broke.
    public enum Code: String, Sendable {
        case invalidURL = "invalid-url"
        case unknownEventType = "invalid-event-type"
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
