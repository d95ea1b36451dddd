/// Why a knowledge-base file or request could not be used.
public struct KnowledgeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure, stable for callers that map errors to responses.
    public enum Code: String, Sendable {
        case unreadable, malformed, unsupported, empty
        case missingColumn = "missing_column"
        case embeddings
    }

    /// The kind of failure.
    public var code: Code
    /// What went wrong and where, for people.
    public var message: String

    /// Creates an error with a message a person can act on.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
