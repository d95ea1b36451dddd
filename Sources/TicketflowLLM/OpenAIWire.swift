/// The OpenAI chat-completions and embeddings wire format: only the fields
/// Ticketflow sends or reads. Unknown fields in replies are ignored.

/// One chat message.
public struct ChatMessage: Codable, Sendable, Equatable {
    public var role: String
    public var content: String

    public init(role: String, content: String) {
        self.role = role
        self.content = content
    }

    public static func system(_ content: String) -> ChatMessage { ChatMessage(role: "system", content: content) }
    public static func user(_ content: String) -> ChatMessage { ChatMessage(role: "user", content: content) }
}

/// Per-call choices on top of the configuration.
public struct ChatOptions: Sendable, Equatable {
    /// Ask for `response_format: json_object`; replies are parsed tolerantly either way.
    public var jsonMode: Bool
    public var maxTokens: Int
    /// Ask for the top log-probabilities of each output token.
    public var topLogprobs: Int?
    /// Overrides the configured temperature.
    public var temperature: Double?

    public init(jsonMode: Bool = false, maxTokens: Int = 512, topLogprobs: Int? = nil, temperature: Double? = nil) {
        self.jsonMode = jsonMode
        self.maxTokens = maxTokens
        self.topLogprobs = topLogprobs
        self.temperature = temperature
    }
}

struct ChatRequestBody: Encodable {
    struct ResponseFormat: Encodable { var type: String }
    var model: String
    var messages: [ChatMessage]
    var temperature: Double
    var max_tokens: Int
    var response_format: ResponseFormat?
    var logprobs: Bool?
    var top_logprobs: Int?
}

struct ChatResponseBody: Decodable {
    struct Choice: Decodable {
        struct Message: Decodable { var content: String? }
        struct Logprobs: Decodable {
            struct Token: Decodable {
                struct Alternative: Decodable { var token: String; var logprob: Double }
                var token: String
                var logprob: Double
                var top_logprobs: [Alternative]?
            }
            var content: [Token]?
        }
        var message: Message?
        var finish_reason: String?
        var logprobs: Logprobs?
    }
    struct Usage: Decodable { var prompt_tokens: Int?; var completion_tokens: Int? }
    var model: String?
    var choices: [Choice]
    var usage: Usage?
}

struct EmbeddingsRequestBody: Encodable {
    var model: String
    var input: [String]
}

struct EmbeddingsResponseBody: Decodable {
    struct Item: Decodable { var index: Int?; var embedding: [Float] }
    struct Usage: Decodable { var prompt_tokens: Int? }
    var data: [Item]
    var usage: Usage?
}

/// Tokens used and what they cost.
public struct TokenUsage: Sendable, Equatable, Codable {
    public var promptTokens: Int
    public var completionTokens: Int
    public var cost: Double

    public init(promptTokens: Int = 0, completionTokens: Int = 0, cost: Double = 0) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.cost = cost
    }

    public static func + (a: TokenUsage, b: TokenUsage) -> TokenUsage {
        TokenUsage(
            promptTokens: a.promptTokens + b.promptTokens,
            completionTokens: a.completionTokens + b.completionTokens, cost: a.cost + b.cost)
    }
}

/// A first-token alternative and its log-probability.
public struct TokenAlternative: Sendable, Equatable {
    public var token: String
    public var logprob: Double
}

/// A chat reply.
public struct ChatCompletion: Sendable, Equatable {
    public var content: String
    public var finishReason: String?
    public var usage: TokenUsage
    /// Top alternatives for each output token, when the server returned logprobs.
    public var tokenAlternatives: [[TokenAlternative]]
    /// Attempts made, 1 when the first one succeeded.
    public var attempts: Int
}
