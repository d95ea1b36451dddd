/// Why a knowledge-base file or request could not be used.
public struct KnowledgeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure, stable for callers that map errors to responses.
    public enum Code: String, Sendable {
        case unreadable, malformed, unsupported, empty
        case missingColumn = "missing_column"
        case embeddings
    }

    public var code: Code
    public var message: String

    /// Creates an error with a message a person can act on.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
